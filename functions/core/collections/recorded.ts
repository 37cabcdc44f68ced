import type { Actor } from "../actor";
import { visibleContract } from "../contract/access";
import type { Invoice, Payment } from "./model";

/** An invoice by its number, on a contract the viewer may see (a retried recordInvoice returns it). */
export async function visibleInvoice(actor: Actor, number: string): Promise<Invoice | null> {
  const invoice = await actor.deps.store.payments.invoice(actor.viewer.orgId, number);
  return invoice && (await visibleContract(actor, invoice.contractId)) ? invoice : null;
}

/** A payment by its bank reference, on a contract the viewer may see (a retried recordPayment returns it). */
export async function visiblePayment(actor: Actor, reference: string): Promise<Payment | null> {
  const payment = await actor.deps.store.payments.payment(actor.viewer.orgId, reference);
  return payment && (await visibleContract(actor, payment.contractId)) ? payment : null;
}
