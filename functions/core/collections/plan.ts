import type { Actor } from "../actor";
import { checkPlan, type PaymentInstallmentInput } from "../contract/plan";
import type { Contract } from "../contract/model";
import { newActivity } from "../activity";
import { formatMoney } from "../money";
import { VersionConflictError } from "../errors";
import { Checker } from "../validate";
import { signedContractFor } from "./access";
import { collectionsOf } from "./ensure";
import { PlanHasPaymentsError } from "./errors";
import { instalmentsOf } from "./instalments";
import { collectionWrites, commitCollections, reapplyCollections } from "./ledger";

/**
 * Replaces a signed contract's payment plan (FINANCE, ADMIN: after signing, credit terms are
 * finance's call, not the owner's alone), at `expectedVersion` when given, until the first
 * payment: the instalments are made again from it (invoices already issued stay booked, oldest due
 * first; collection requests stay with their line) and their reminders moved. After a payment:
 * PlanHasPaymentsError, nothing changed. Fixed due dates fall on or after the signing, within ten years.
 */
export async function setPaymentPlan(actor: Actor, contractId: string, plan: PaymentInstallmentInput[], expectedVersion?: number | null): Promise<Contract> {
  const org = await actor.org();
  return reapplyCollections(async () => {
    const contract = await signedContractFor(actor, contractId, "FINANCE");
    // Read on another version: the caller decided on a plan someone else has replaced since (not re-applied).
    if (expectedVersion != null && contract.version !== expectedVersion) throw new VersionConflictError(contract, contract.version);
    const { prev, ledger, instalments } = await collectionsOf(actor.deps, contract);
    if (ledger.receivedFen > 0) throw new PlanHasPaymentsError({ fen: ledger.receivedFen, currency: contract.amount.currency });
    const c = new Checker();
    const paymentPlan = checkPlan(plan, contract.amount, c, { from: contract.signedOn!, code: "BEFORE_SIGNING" });
    c.done();
    const now = actor.deps.clock.now().toISOString();
    const next: Contract = { ...contract, paymentPlan, updatedAt: now, version: contract.version + 1 };
    const after = instalmentsOf(next, ledger, prev ? instalments : []);
    // The credit terms approvers saw change: the deal's timeline says who changed them, from what to what.
    const trace = newActivity(
      {
        orgId: contract.orgId,
        subjectType: "OPPORTUNITY",
        subjectId: contract.opportunityId,
        kind: "PAYMENT_PLAN_CHANGED",
        actorId: actor.viewer.id,
        note: contract.number,
        changes: [{ field: "paymentPlan", old: termsOf(contract), new: termsOf(next) }],
      },
      actor.deps.clock.now(),
    );
    await commitCollections(actor.deps, [
      actor.deps.store.quotes.contractActivityWrite(trace),
      actor.deps.store.quotes.contractWrite(next, contract.version),
      ...collectionWrites(actor.deps, org, { prev, next: ledger, before: prev ? instalments : [], after }),
    ]);
    return next;
  });
}

const FROM = { SIGNING: "签订", DELIVERY: "交付", ACCEPTANCE: "验收" } as const;

/** The plan as approvers read it, with its timing: 预付款 30%（签订后0天） / 质保金 ¥1,000.00（2027-01-31）. */
const termsOf = (c: Contract) =>
  c.paymentPlan
    .map((p) => {
      const share = p.amountFen != null ? formatMoney({ fen: p.amountFen, currency: c.amount.currency }) : `${p.percent}%`;
      return `${p.label} ${share}（${p.dueOn ?? `${FROM[p.dueAfter ?? "SIGNING"]}后${p.dueAfterDays ?? 0}天`}）`;
    })
    .join(" / ");
