import type { Actor } from "../actor";
import { markResult } from "../idempotency";
import type { Contract } from "../contract/model";
import { ValidationError } from "../errors";
import { localDay } from "../local-day";
import { recordPlanPaid } from "../pipeline/move";
import { Checker } from "../validate";
import { signedContractFor } from "./access";
import { collectionsOf, copy } from "./ensure";
import { OverpaymentError, PaymentReferenceConflictError } from "./errors";
import { collectionWrites, commitCollections, reapplyCollections } from "./ledger";
import { byDueDate, outstandingOf, type Payment } from "./model";
import { checkReference } from "./reference";

export interface PaymentInput {
  amount: { fen: number; currency?: string | null };
  receivedOn: string;
  /** The bank's reference (流水号): one payment per reference in the organization. */
  reference: string;
  /** The instalment it pays; absent: oldest due first. */
  instalmentId?: string | null;
}

/** The day a payment or invoice is on: a real day, not after today, not before the signing. */
export function checkBookingDay(c: Checker, path: string, value: string, today: string, signedOn: string) {
  const day = c.day(path, value);
  if (!value) c.fail(path, "REQUIRED", { zh: "不能为空", en: "is required" });
  if (day && day > today) c.fail(path, "IN_FUTURE", { zh: `不能晚于今天（${today}）`, en: `cannot be after today (${today})` });
  if (day && day < signedOn) c.fail(path, "BEFORE_SIGNING", { zh: `不能早于合同签订日（${signedOn}）`, en: `cannot be before the contract was signed (${signedOn})` });
  return day ?? "";
}

/** What people call the fields of an invoice or a payment, for the messages. */
export const MONEY_LABELS = {
  amount: { zh: "金额", en: "amount" },
  "amount.currency": { zh: "币种", en: "currency" },
  receivedOn: { zh: "回款日期", en: "day received" },
  issuedOn: { zh: "开票日期", en: "day issued" },
  reference: { zh: "流水号", en: "reference" },
  number: { zh: "发票号", en: "invoice number" },
  instalmentId: { zh: "期次", en: "instalment" },
};

/** A whole number of fen above 0 (a payment or invoice of nothing is a mistake), in the organization's currency. */
export function checkPositive(c: Checker, path: string, value: PaymentInput["amount"], currency: string) {
  if (value && Number.isSafeInteger(value.fen) && value.fen <= 0) {
    c.fail(`${path}.fen`, "NOT_POSITIVE", { zh: "须为大于0的整数（单位：分）", en: "must be a whole number of fen above 0" });
    return 0;
  }
  return c.money(path, value, currency)?.fen ?? 0;
}

/** The instalment named is not one of this contract's: a wrong pick, said next to the field. */
export const notInContract = () =>
  new ValidationError([{ path: ["instalmentId"], code: "NOT_IN_CONTRACT", text: { zh: "不属于此合同", en: "is not one of this contract's" }, label: MONEY_LABELS.instalmentId }]);

const sameFigures = (p: Payment, contractId: string, fen: number, on: string, instalmentId: string | null) =>
  p.contractId === contractId && p.amountFen === fen && p.receivedOn === on && p.instalmentId === instalmentId;

/**
 * Records money received against a signed contract (FINANCE, ADMIN). Part payments are fine; a
 * payment naming no instalment pays the oldest due first; more than is owed is refused with what
 * is owed, and nothing changes. A reference is recorded once: again with the same figures, the first
 * payment is the answer; with other figures, an error. Two payments at once both count: each writes
 * the contract's ledger at its next version, and the later re-reads. The payment that completes the
 * plan moves the won deal to 交付回款 in the same transaction.
 */
export async function recordPayment(actor: Actor, contractId: string, input: PaymentInput): Promise<{ payment: Payment; contract: Contract }> {
  const org = await actor.org();
  const first = await signedContractFor(actor, contractId, "FINANCE");
  const c = new Checker(MONEY_LABELS);
  const fen = checkPositive(c, "amount", input.amount, first.amount.currency);
  const receivedOn = checkBookingDay(c, "receivedOn", input.receivedOn, localDay(actor.deps.clock.now(), org.timeZone), first.signedOn!);
  const reference = checkReference(c, "reference", input.reference, 64);
  const named = input.instalmentId ?? null;
  c.done();

  return reapplyCollections(async () => {
    const contract = await signedContractFor(actor, contractId, "FINANCE");
    const existing = await actor.deps.store.payments.payment(org.id, reference);
    if (existing) {
      if (sameFigures(existing, contractId, fen, receivedOn, named)) return { payment: existing, contract };
      throw new PaymentReferenceConflictError(existing.reference);
    }
    const { prev, ledger, instalments } = await collectionsOf(actor.deps, contract);
    const after = copy(instalments);
    const target = named ? after.find((i) => i.id === named) : null;
    if (named && !target) throw notInContract();
    const owed = target ? outstandingOf(target) : after.reduce((s, i) => s + outstandingOf(i), 0);
    if (fen > owed) throw new OverpaymentError({ fen: owed, currency: contract.amount.currency }, target ? "INSTALMENT" : "CONTRACT");

    const allocations: Payment["allocations"] = [];
    let left = fen;
    for (const i of target ? [target] : [...after].sort(byDueDate)) {
      const share = Math.min(left, outstandingOf(i));
      if (share <= 0) continue;
      i.payments.push({ on: receivedOn, fen: share, ref: reference });
      allocations.push({ instalmentId: i.id, fen: share });
      left -= share;
      if (!left) break;
    }
    const now = actor.deps.clock.now().toISOString();
    const payment: Payment = {
      orgId: org.id,
      contractId,
      instalmentId: named,
      reference,
      amountFen: fen,
      currency: contract.amount.currency,
      receivedOn,
      allocations,
      recordedBy: actor.viewer.id,
      recordedAt: now,
    };
    const next = { ...ledger, receivedFen: ledger.receivedFen + fen };
    const writes = [...collectionWrites(actor.deps, org, { prev, next, before: instalments, after }), actor.deps.store.payments.paymentWrite(payment)];
    markResult(payment.reference);
    const [deal] = await actor.deps.store.opportunities.getMany([contract.opportunityId]);
    if (next.receivedFen >= contract.amount.fen && deal?.stage === "CONTRACT_SIGNED" && deal.wonContractId === contract.id) {
      const moved = await recordPlanPaid(actor, deal, writes);
      actor.opportunities.clear(moved.id).prime(moved.id, moved);
    } else {
      await commitCollections(actor.deps, writes);
    }
    return { payment, contract };
  });
}
