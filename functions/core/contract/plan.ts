import { addDays } from "../local-day";
import { formatMoney, type Money } from "../money";
import type { Checker } from "../validate";
import type { PaymentEvent, PaymentInstallment } from "./model";

export interface PaymentInstallmentInput {
  label: string;
  percent?: number | null;
  amount?: { fen: number; currency?: string | null } | null;
  /** Days after `dueAfter` (default SIGNING); or, instead, a fixed `dueOn`. */
  dueAfterDays?: number | null;
  dueAfter?: PaymentEvent | null;
  dueOn?: string | null;
}

/**
 * Seeds: an advance, a delivery payment and a retention, as most industrial-valve contracts have,
 * each counting from what it is named after (到货款 from delivery, 质保金 from acceptance), so money
 * for goods not yet delivered is never shown overdue.
 */
export const DEFAULT_PAYMENT_PLAN: PaymentInstallment[] = [
  { label: "预付款", percent: 30, amountFen: null, dueAfterDays: 0 },
  { label: "到货款", percent: 60, amountFen: null, dueAfterDays: 30, dueAfter: "DELIVERY" },
  { label: "质保金", percent: 10, amountFen: null, dueAfterDays: 365, dueAfter: "ACCEPTANCE" },
];

const MAX_INSTALLMENTS = 12;
/** As for days after an event: a fixed date further on is a typo (2062 for 2026) parking money for decades. */
const MAX_DAYS_AHEAD = 3650;

/**
 * Where a fixed due date may fall: not before `from` (the signing; for a draft, today: nothing falls
 * due before the contract exists) and at most ten years after it.
 */
export interface DueOnWindow {
  from: string;
  /** BEFORE_SIGNING (a signed contract's plan) or IN_PAST (a draft's). */
  code: "BEFORE_SIGNING" | "IN_PAST";
}

function checkDueOn(c: Checker, path: string, dueOn: string, w: DueOnWindow) {
  const latest = addDays(w.from, MAX_DAYS_AHEAD);
  if (dueOn < w.from) {
    const what = w.code === "BEFORE_SIGNING" ? { zh: "合同签订日", en: "the signing" } : { zh: "今天", en: "today" };
    c.fail(path, w.code, { zh: `不能早于${what.zh}（${w.from}）`, en: `cannot be before ${what.en} (${w.from})` });
  } else if (dueOn > latest) {
    c.fail(path, "TOO_FAR", { zh: `不能晚于${latest}（${MAX_DAYS_AHEAD}天内）`, en: `cannot be after ${latest} (within ${MAX_DAYS_AHEAD} days)` });
  }
}

/**
 * A plan that adds up: 1 to 12 instalments, each either a whole percent or an amount (one kind per
 * plan); percents sum to exactly 100, amounts to the contract amount to the fen; due 0 to 3650 days
 * after signing, delivery or acceptance, or on a fixed date (within `window` when given). Every problem goes to its field (paymentPlan.1.percent…).
 */
export function checkPlan(plan: PaymentInstallmentInput[], amount: Money, c: Checker, window?: DueOnWindow): PaymentInstallment[] {
  if (!plan.length) c.fail("paymentPlan", "EMPTY", { zh: "至少需要一期付款", en: "needs at least one instalment" });
  if (plan.length > MAX_INSTALLMENTS) c.fail("paymentPlan", "TOO_MANY", { zh: `最多${MAX_INSTALLMENTS}期`, en: `at most ${MAX_INSTALLMENTS} instalments` });
  const byPercent = plan.filter((p) => p.percent != null && p.amount == null).length;
  const byAmount = plan.filter((p) => p.amount != null && p.percent == null).length;
  const out = plan.map((p, i): PaymentInstallment => {
    const at = `paymentPlan.${i}`;
    const label = c.text(`${at}.label`, p.label, { required: true, max: 20 }) ?? "";
    c.int(`${at}.dueAfterDays`, p.dueAfterDays, 0, 3650);
    const dueOn = c.day(`${at}.dueOn`, p.dueOn) ?? null;
    if (dueOn && window) checkDueOn(c, `${at}.dueOn`, dueOn, window);
    if ((p.dueAfterDays == null) === (p.dueOn == null)) {
      c.fail(at, "DAYS_OR_DATE", { zh: "每期须填写付款天数或固定付款日期（二选一）", en: "needs either days after an event or a fixed due date" });
    }
    if (p.dueOn != null && p.dueAfter) c.fail(`${at}.dueAfter`, "FIXED_DATE", { zh: "固定付款日期不以事件起算", en: "a fixed due date counts from no event" });
    if ((p.percent == null) === (p.amount == null)) {
      c.fail(at, "PERCENT_OR_AMOUNT", { zh: "每期须填写比例或金额（二选一）", en: "needs either a percent or an amount" });
    }
    if (p.percent != null) c.int(`${at}.percent`, p.percent, 1, 100);
    if (p.amount != null) {
      const fen = p.amount.fen;
      if (!Number.isSafeInteger(fen) || fen <= 0) c.fail(`${at}.amount.fen`, "INVALID_AMOUNT", { zh: "金额须为大于0的整数（分）", en: "must be a whole number of fen above 0" });
      if (p.amount.currency && p.amount.currency !== amount.currency) {
        c.fail(`${at}.amount.currency`, "CURRENCY_NOT_SUPPORTED", { zh: `合同以${amount.currency}结算`, en: `the contract is in ${amount.currency}` });
      }
    }
    const due = dueOn ? { dueAfterDays: null, dueOn } : { dueAfterDays: p.dueAfterDays ?? 0, ...(p.dueAfter && p.dueAfter !== "SIGNING" ? { dueAfter: p.dueAfter } : {}) };
    return { label, percent: p.percent ?? null, amountFen: p.amount?.fen ?? null, ...due };
  });
  if (byPercent && byAmount) {
    c.fail("paymentPlan", "MIXED", { zh: "同一付款计划须全部按比例或全部按金额", en: "use percents for every instalment or amounts for every one" });
  } else if (byPercent === plan.length && plan.length) {
    const sum = plan.reduce((s, p) => s + (p.percent ?? 0), 0);
    if (sum !== 100) c.fail("paymentPlan", "NOT_100", { zh: `各期比例之和须为100%（现为${sum}%）`, en: `percents must add up to 100 (they add up to ${sum})` });
  } else if (byAmount === plan.length && plan.length) {
    const sum = plan.reduce((s, p) => s + (p.amount?.fen ?? 0), 0);
    if (sum !== amount.fen) {
      const text = (f: number) => formatMoney({ fen: f, currency: amount.currency });
      c.fail("paymentPlan", "NOT_CONTRACT_AMOUNT", {
        zh: `各期金额之和（${text(sum)}）须等于合同金额（${text(amount.fen)}）`,
        en: `amounts add up to ${text(sum)}, not the contract amount ${text(amount.fen)}`,
      });
    }
  }
  return out;
}

/** A plan already stored, checked again against a new contract amount (amount plans must follow it). */
export const planInput = (plan: PaymentInstallment[], currency: string): PaymentInstallmentInput[] =>
  plan.map((p) => ({
    label: p.label,
    percent: p.percent ?? null,
    amount: p.amountFen != null ? { fen: p.amountFen, currency } : null,
    dueAfterDays: p.dueAfterDays,
    dueAfter: p.dueAfter ?? null,
    dueOn: p.dueOn ?? null,
  }));

export const planText = (plan: PaymentInstallment[], currency: string) =>
  plan.map((p) => `${p.label} ${p.amountFen != null ? formatMoney({ fen: p.amountFen, currency: currency as Money["currency"] }) : `${p.percent}%`}`).join(" / ");
