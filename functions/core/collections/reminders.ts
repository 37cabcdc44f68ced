import { collectionEmail, type CollectionEmailKind } from "../../mail/collection";
import type { DueJob } from "../../store/due-jobs";
import type { Deps } from "../actor";
import type { Contract } from "../contract/model";
import { daysBetween, localDay } from "../local-day";
import { deliver } from "../mail";
import type { Organization } from "../organization";
import type { DueOutcome } from "../sweep/due-jobs";
import { hasRole, type User } from "../user/model";
import { outstandingOf } from "./model";
import { FIRST_PAYMENT_DAYS, reminderSteps } from "./schedule";

/**
 * Who hears of a collection: finance and the contract's owner before and on the due date (and for
 * a missing first payment); the escalation goes to the finance supervisor (a FINANCE person whom
 * other FINANCE people report to; the general manager when there is none) and the owner's manager.
 */
export function collectionRecipients(users: User[], owner: User | null, kind: CollectionEmailKind): User[] {
  const active = users.filter((u) => u.active);
  const finance = active.filter((u) => hasRole(u, "FINANCE"));
  let out: (User | null | undefined)[];
  if (kind === "OVERDUE") {
    const supervisors = finance.filter((f) => finance.some((u) => u.managerId === f.id));
    const manager = owner?.managerId ? active.find((u) => u.id === owner.managerId) : null;
    out = [...(supervisors.length ? supervisors : active.filter((u) => hasRole(u, "GM"))), manager];
  } else {
    out = [...finance, owner?.active ? owner : null];
  }
  return [...new Map(out.filter((u): u is User => !!u).map((u) => [u.id, u])).values()];
}

async function send(deps: Deps, org: Organization, contract: Contract, kind: CollectionEmailKind, subjectId: string, figures: { label: string | null; amountFen: number; outstandingFen: number; day: string; days: number }) {
  const users = await deps.store.users.listByOrg(org.id);
  const owner = users.find((u) => u.id === contract.ownerId) ?? null;
  const money = (fen: number) => ({ fen, currency: contract.amount.currency });
  for (const to of collectionRecipients(users, owner, kind)) {
    await deliver(deps, {
      id: `COLLECTION_${kind}#${subjectId}#${to.id}`,
      to,
      kind: `COLLECTION_${kind}`,
      about: { subjectType: "CONTRACT", subjectId: contract.id },
      render: () =>
        collectionEmail({
          locale: to.locale,
          kind,
          recipientName: to.name,
          contractNumber: contract.number,
          customerName: contract.buyerName,
          ownerName: owner?.name ?? "-",
          label: figures.label,
          amount: money(figures.amountFen),
          outstanding: money(figures.outstandingFen),
          day: figures.day,
          days: figures.days,
        }),
    });
  }
}

/**
 * A collection job fell due. For an instalment: the latest reminder step passed and still relevant
 * is sent (a sweep after an outage sends the escalation, not three stale emails at once), then the
 * job moves to the next step, or ends once paid. For a contract's first payment: sent unless money
 * has come in. Each email has its own id, so sweeps run twice or at once send it once.
 */
export async function handleCollectionJob(deps: Deps, job: DueJob): Promise<DueOutcome> {
  const org = await deps.store.organizations.get(job.orgId);
  const now = deps.clock.now();
  const contractId = String(job.data.contractId);
  const [contract] = await deps.store.quotes.getContracts([contractId]);
  if (!contract || contract.status !== "SIGNED") return { next: null };
  const today = localDay(now, org.timeZone);

  if (job.data.firstPayment) {
    const ledger = await deps.store.instalments.ledger(contractId);
    if (!ledger || ledger.receivedFen > 0) return { next: null };
    const days = Math.max(FIRST_PAYMENT_DAYS, daysBetween(ledger.signedOn, today));
    await send(deps, org, contract, "FIRST_PAYMENT", contractId, { label: null, amountFen: contract.amount.fen, outstandingFen: contract.amount.fen, day: ledger.signedOn, days });
    return { next: null };
  }

  const instalment = await deps.store.instalments.get(job.ref);
  if (!instalment || instalment.contractId !== contractId) return { next: null };
  const steps = reminderSteps(instalment, org);
  const at = now.toISOString();
  const step = steps.filter((s) => s.at <= at).at(-1);
  if (step && instalment.dueOn) {
    await send(deps, org, contract, step.step, instalment.id, {
      label: instalment.label,
      amountFen: instalment.amountFen,
      outstandingFen: outstandingOf(instalment),
      day: instalment.dueOn,
      days: Math.max(0, daysBetween(instalment.dueOn, today)),
    });
  }
  return { next: steps.find((s) => s.at > at)?.at ?? null };
}
