import type { Product } from "../product/model";
import { Checker } from "../validate";
import { checkFen, checkLine, type QuoteLineInput } from "./lines";
import type { QuoteDraft, QuoteLine } from "./model";
import { amountFen } from "./totals";

export type { QuoteLineInput } from "./lines";

export interface QuoteDraftInput {
  lines?: QuoteLineInput[] | null;
  extraDiscountFen?: number | null;
  /** The rate of non-catalogue lines (catalogue lines carry their product's). */
  vatRatePercent?: number | null;
  paymentTerms?: string | null;
  /** 交货条款: lead time, place and terms of delivery, printed on the PDF. */
  deliveryTerms?: string | null;
  validUntil?: string | null;
  notes?: string | null;
  riskNote?: string | null;
}

/** China's VAT rates. */
export const VAT_RATES = [0, 1, 3, 6, 9, 13];
const MAX_LINES = 100;

/**
 * The draft as it will be stored: validated, absent fields kept from the current one. `products`:
 * the price book products the input's lines name.
 */
export function checkDraft(input: QuoteDraftInput, current: QuoteDraft | null, products: Map<string, Product> = new Map()): QuoteDraft {
  const c = new Checker();
  const previous = new Map((current?.lines ?? []).map((l) => [l.id, l]));
  const linesIn = input.lines ?? null;
  if (linesIn && linesIn.length > MAX_LINES) c.fail("lines", "TOO_MANY", { zh: `最多${MAX_LINES}行`, en: `at most ${MAX_LINES} lines` });
  const lines: QuoteLine[] = linesIn ? linesIn.slice(0, MAX_LINES).map((l, i) => checkLine(c, `lines.${i}`, l, l.id ? previous.get(l.id) : undefined, products)) : (current?.lines ?? []);
  const extraDiscountFen = input.extraDiscountFen === undefined ? (current?.extraDiscountFen ?? 0) : (checkFen(c, "extraDiscountFen", input.extraDiscountFen ?? 0) ?? 0);
  const net = lines.reduce((s, l) => s + amountFen(l.unitPriceFen, l.quantityMilli), 0);
  // Strictly less: a quote for nothing has no margin to judge and nothing to invoice.
  if (extraDiscountFen > 0 && extraDiscountFen >= net) c.fail("extraDiscountFen", "TOO_LARGE", { zh: "整单优惠须小于成交价合计", en: "must be less than the lines' total" });
  let vatRateBp = current?.vatRateBp ?? 1300;
  if (input.vatRatePercent != null) {
    if (!VAT_RATES.includes(input.vatRatePercent)) c.fail("vatRatePercent", "NOT_ALLOWED", { zh: `增值税率只能是 ${VAT_RATES.join("/")}%`, en: `must be one of ${VAT_RATES.join(", ")} percent` });
    else vatRateBp = input.vatRatePercent * 100;
  }
  const keep = <K extends "paymentTerms" | "deliveryTerms" | "notes" | "riskNote" | "validUntil">(k: K) => (input[k] === undefined ? (current?.[k] ?? null) : input[k]);
  const draft: QuoteDraft = {
    lines,
    extraDiscountFen,
    vatRateBp,
    paymentTerms: c.text("paymentTerms", keep("paymentTerms"), { max: 500 }) ?? null,
    deliveryTerms: c.text("deliveryTerms", keep("deliveryTerms"), { max: 500 }) ?? null,
    validUntil: c.day("validUntil", keep("validUntil")) ?? null,
    notes: c.text("notes", keep("notes"), { max: 2000 }) ?? null,
    riskNote: c.text("riskNote", keep("riskNote"), { max: 1000 }) ?? null,
  };
  c.done();
  return draft;
}

/** What a submission needs on top: at least one line, and a validity date not in the past. */
export function checkSubmittable(d: QuoteDraft, today: string): void {
  const c = new Checker();
  if (!d.lines.length) c.fail("lines", "REQUIRED", { zh: "至少需要一行报价", en: "needs at least one line" });
  if (!d.validUntil) c.fail("validUntil", "REQUIRED", { zh: "请填写报价有效期", en: "is required" });
  else if (d.validUntil < today) c.fail("validUntil", "IN_PAST", { zh: "有效期已过", en: "is in the past" });
  c.done();
}
