import type { Contract, PaymentInstallment } from "../contract/model";
import { addDays } from "../local-day";
import { byDueDate, instalmentId, type Instalment, type Ledger } from "./model";

/** Fen of a whole percent of the amount, half up (BigInt: amounts up to 10^15 fen times 100 pass 2^53). */
const percentOf = (fen: number, percent: number) => Number((BigInt(fen) * BigInt(percent) + 50n) / 100n);

/**
 * The plan's amounts to the fen: an amount plan as given; a percent plan rounded half up line by
 * line, the last line taking what is left, so the lines always add up to the contract amount.
 */
export function planAmounts(plan: PaymentInstallment[], amountFen: number): number[] {
  if (plan.every((p) => p.amountFen != null)) return plan.map((p) => p.amountFen as number);
  const out = plan.map((p) => percentOf(amountFen, p.percent ?? 0));
  out[out.length - 1] = amountFen - out.slice(0, -1).reduce((s, f) => s + f, 0);
  return out;
}

/** The due date a plan line has given the events recorded: null while its event has not happened. */
export function dueDateOf(p: Pick<Instalment, "dueAfter" | "dueAfterDays" | "dueOn">, ledger: Pick<Ledger, "signedOn" | "deliveredOn" | "acceptedOn">): string | null {
  if (p.dueAfter === null) return p.dueOn;
  const from = { SIGNING: ledger.signedOn, DELIVERY: ledger.deliveredOn, ACCEPTANCE: ledger.acceptedOn }[p.dueAfter];
  return from ? addDays(from, p.dueAfterDays ?? 0) : null;
}

/**
 * A signed contract's plan as instalments. `kept` (the instalments there already, when the plan is
 * set again before any payment) hands its invoices on, oldest due first: what was invoiced stays invoiced.
 */
export function instalmentsOf(contract: Contract, ledger: Ledger, kept: Instalment[] = []): Instalment[] {
  const amounts = planAmounts(contract.paymentPlan, contract.amount.fen);
  const out = contract.paymentPlan.map((p, i): Instalment => {
    const rule = { dueAfter: p.dueOn ? null : (p.dueAfter ?? "SIGNING"), dueAfterDays: p.dueOn ? null : (p.dueAfterDays ?? 0), dueOn: p.dueOn ?? null };
    return {
      id: instalmentId(contract.id, i + 1),
      orgId: contract.orgId,
      contractId: contract.id,
      contractNumber: contract.number,
      opportunityId: contract.opportunityId,
      customerId: contract.customerId,
      ownerId: contract.ownerId,
      index: i + 1,
      label: p.label,
      amountFen: amounts[i],
      currency: contract.amount.currency,
      ...rule,
      dueOn: dueDateOf(rule, ledger),
      signedOn: ledger.signedOn,
      invoices: [],
      payments: [],
      collectionRequestedAt: kept[i]?.collectionRequestedAt ?? null,
    };
  });
  const invoices = kept.flatMap((k) => k.invoices);
  return invoices.length ? bookInvoices(out, invoices) : out;
}

/** Books invoice shares onto instalments oldest due first, each up to its amount; the last takes any rest. */
function bookInvoices(instalments: Instalment[], invoices: Instalment["invoices"]): Instalment[] {
  const sorted = [...instalments].sort(byDueDate);
  for (const inv of invoices) {
    let left = inv.fen;
    for (const i of sorted) {
      const room = i.amountFen - i.invoices.reduce((s, b) => s + b.fen, 0);
      const fen = i === sorted.at(-1) ? left : Math.min(room, left);
      if (fen > 0) i.invoices.push({ ...inv, fen });
      left -= Math.max(0, fen);
      if (left <= 0) break;
    }
  }
  return instalments;
}
