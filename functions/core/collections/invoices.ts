import type { Actor } from "../actor";
import { markResult } from "../idempotency";
import type { Contract } from "../contract/model";
import { localDay } from "../local-day";
import { formatMoney } from "../money";
import { Checker } from "../validate";
import { signedContractFor } from "./access";
import { collectionsOf, copy } from "./ensure";
import { InvoiceNumberTakenError } from "./errors";
import { collectionWrites, commitCollections, reapplyCollections } from "./ledger";
import { byDueDate, invoicedOf, type Invoice, type InvoiceType } from "./model";
import { checkReference } from "./reference";
import { checkBookingDay, checkPositive, MONEY_LABELS, notInContract } from "./payments";

export interface InvoiceInput {
  instalmentId?: string | null;
  number: string;
  amount: { fen: number; currency?: string | null };
  issuedOn: string;
  type: InvoiceType;
}

/**
 * Records an invoice issued against a signed contract (FINANCE, ADMIN): its number (unique in the
 * organization), amount, day and VAT type. It is booked to the instalment named, else to the oldest
 * due not yet invoiced; never more than the contract (or the instalment) amounts to. The same number
 * again with the same figures is the first invoice; with others, InvoiceNumberTakenError.
 */
export async function recordInvoice(actor: Actor, contractId: string, input: InvoiceInput): Promise<{ invoice: Invoice; contract: Contract }> {
  const org = await actor.org();
  const first = await signedContractFor(actor, contractId, "FINANCE");
  const c = new Checker(MONEY_LABELS);
  const number = checkReference(c, "number", input.number, 30);
  const fen = checkPositive(c, "amount", input.amount, first.amount.currency);
  const issuedOn = checkBookingDay(c, "issuedOn", input.issuedOn, localDay(actor.deps.clock.now(), org.timeZone), first.signedOn!);
  const named = input.instalmentId ?? null;
  c.done();

  return reapplyCollections(async () => {
    const contract = await signedContractFor(actor, contractId, "FINANCE");
    const existing = await actor.deps.store.payments.invoice(org.id, number);
    if (existing) {
      const same = existing.contractId === contractId && existing.amountFen === fen && existing.issuedOn === issuedOn && existing.type === input.type && existing.instalmentId === named;
      if (same) return { invoice: existing, contract };
      throw new InvoiceNumberTakenError(existing.number);
    }
    const { prev, ledger, instalments } = await collectionsOf(actor.deps, contract);
    const after = copy(instalments);
    const target = named ? after.find((i) => i.id === named) : null;
    if (named && !target) throw notInContract();
    const room = target ? target.amountFen - invoicedOf(target) : contract.amount.fen - after.reduce((s, i) => s + invoicedOf(i), 0);
    if (fen > room) {
      const shown = formatMoney({ fen: room, currency: contract.amount.currency });
      const v = new Checker(MONEY_LABELS);
      v.fail("amount.fen", target ? "EXCEEDS_INSTALMENT" : "EXCEEDS_CONTRACT", {
        zh: `超过${target ? "该期" : "合同"}尚未开票的金额（${shown}）`,
        en: `is more than the ${target ? "instalment" : "contract"} has left to invoice (${shown})`,
      });
      v.done();
    }
    let left = fen;
    for (const i of target ? [target] : [...after].sort(byDueDate)) {
      const share = Math.min(left, i.amountFen - invoicedOf(i));
      if (share <= 0) continue;
      i.invoices.push({ on: issuedOn, fen: share, ref: number });
      left -= share;
      if (!left) break;
    }
    const invoice: Invoice = {
      orgId: org.id,
      contractId,
      instalmentId: named,
      number,
      amountFen: fen,
      currency: contract.amount.currency,
      issuedOn,
      type: input.type,
      recordedBy: actor.viewer.id,
      recordedAt: actor.deps.clock.now().toISOString(),
    };
    const next = { ...ledger, invoicedFen: ledger.invoicedFen + fen };
    markResult(invoice.number);
    await commitCollections(actor.deps, [...collectionWrites(actor.deps, org, { prev, next, before: instalments, after }), actor.deps.store.payments.invoiceWrite(invoice)]);
    return { invoice, contract };
  });
}
