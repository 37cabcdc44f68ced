import type { Actor } from "../actor";
import { checkPlan, type PaymentInstallmentInput } from "../contract/plan";
import type { Contract } from "../contract/model";
import { Checker } from "../validate";
import { signedContractFor } from "./access";
import { collectionsOf } from "./ensure";
import { PlanHasPaymentsError } from "./errors";
import { instalmentsOf } from "./instalments";
import { collectionWrites, commitCollections, reapplyCollections } from "./ledger";

/**
 * Replaces a signed contract's payment plan (finance, or whoever acts for the owner) until the first
 * payment: the instalments are made again from it (invoices already issued stay booked, oldest due
 * first; collection requests stay with their line) and their reminders moved. After a payment:
 * PlanHasPaymentsError, nothing changed.
 */
export async function setPaymentPlan(actor: Actor, contractId: string, plan: PaymentInstallmentInput[]): Promise<Contract> {
  const org = await actor.org();
  return reapplyCollections(async () => {
    const contract = await signedContractFor(actor, contractId, "FINANCE_OR_OWNER");
    const { prev, ledger, instalments } = await collectionsOf(actor.deps, contract);
    if (ledger.receivedFen > 0) throw new PlanHasPaymentsError({ fen: ledger.receivedFen, currency: contract.amount.currency });
    const c = new Checker();
    const paymentPlan = checkPlan(plan, contract.amount, c);
    c.done();
    const now = actor.deps.clock.now().toISOString();
    const next: Contract = { ...contract, paymentPlan, updatedAt: now, version: contract.version + 1 };
    const after = instalmentsOf(next, ledger, prev ? instalments : []);
    await commitCollections(actor.deps, [
      actor.deps.store.quotes.contractWrite(next, contract.version),
      ...collectionWrites(actor.deps, org, { prev, next: ledger, before: prev ? instalments : [], after }),
    ]);
    return next;
  });
}
