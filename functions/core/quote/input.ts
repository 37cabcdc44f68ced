import { newId } from "../ids";
import { Checker } from "../validate";
import type { QuoteDraft, QuoteLine } from "./model";

export interface QuoteLineInput {
  /** The line being changed; new lines have none. */
  id?: string | null;
  product: string;
  spec?: string | null;
  quantity: number;
  unit: string;
  listPriceFen: number;
  unitPriceFen: number;
  /** Absent on an existing line: its cost stays (people who may not see costs still edit lines). */
  costFen?: number | null;
}

export interface QuoteDraftInput {
  lines?: QuoteLineInput[] | null;
  extraDiscountFen?: number | null;
  vatRatePercent?: number | null;
  paymentTerms?: string | null;
  validUntil?: string | null;
  notes?: string | null;
  riskNote?: string | null;
}

/** China's VAT rates. */
export const VAT_RATES = [0, 1, 3, 6, 9, 13];
const MAX_LINES = 100;

function checkFen(c: Checker, path: string, v: number | null | undefined, opts: { positive?: boolean } = {}) {
  if (v == null) return undefined;
  if (!Number.isSafeInteger(v) || v < (opts.positive ? 1 : 0)) {
    c.fail(path, "INVALID_AMOUNT", { zh: opts.positive ? "须为大于0的整数(分)" : "须为不小于0的整数(分)", en: `must be a whole number of fen${opts.positive ? " above 0" : ""}` });
    return undefined;
  }
  return v;
}

/** The draft as it will be stored: validated, absent fields kept from the current one. */
export function checkDraft(input: QuoteDraftInput, current: QuoteDraft | null): QuoteDraft {
  const c = new Checker();
  const previous = new Map((current?.lines ?? []).map((l) => [l.id, l]));
  const linesIn = input.lines ?? null;
  if (linesIn && linesIn.length > MAX_LINES) c.fail("lines", "TOO_MANY", { zh: `最多${MAX_LINES}行`, en: `at most ${MAX_LINES} lines` });
  const lines: QuoteLine[] = linesIn
    ? linesIn.slice(0, MAX_LINES).map((l, i) => {
        const p = `lines.${i}`;
        const before = l.id ? previous.get(l.id) : undefined;
        if (l.id && !before) c.fail(`${p}.id`, "UNKNOWN_LINE", { zh: "不是本报价单的行", en: "is not a line of this quote" });
        if (!Number.isFinite(l.quantity) || l.quantity <= 0 || l.quantity > 1e9 || Math.round(l.quantity * 1000) !== l.quantity * 1000) {
          c.fail(`${p}.quantity`, "INVALID_QUANTITY", { zh: "数量须大于0,最多三位小数", en: "must be above 0 with at most three decimals" });
        }
        const cost = l.costFen == null ? (before?.costFen ?? 0) : checkFen(c, `${p}.costFen`, l.costFen);
        return {
          id: before?.id ?? newId(),
          product: c.text(`${p}.product`, l.product, { required: true, max: 100 }) ?? "",
          spec: c.text(`${p}.spec`, l.spec, { max: 200 }) ?? null,
          quantity: l.quantity,
          unit: c.text(`${p}.unit`, l.unit, { required: true, max: 10 }) ?? "",
          listPriceFen: checkFen(c, `${p}.listPriceFen`, l.listPriceFen) ?? 0,
          unitPriceFen: checkFen(c, `${p}.unitPriceFen`, l.unitPriceFen, { positive: true }) ?? 0,
          costFen: cost ?? 0,
        };
      })
    : (current?.lines ?? []);
  const extraDiscountFen = input.extraDiscountFen === undefined ? (current?.extraDiscountFen ?? 0) : (checkFen(c, "extraDiscountFen", input.extraDiscountFen ?? 0) ?? 0);
  const net = lines.reduce((s, l) => s + Math.round((l.unitPriceFen * Math.round(l.quantity * 1000)) / 1000), 0);
  if (extraDiscountFen > net) c.fail("extraDiscountFen", "TOO_LARGE", { zh: "整单优惠不能超过成交价合计", en: "cannot exceed the lines' total" });
  let vatRateBp = current?.vatRateBp ?? 1300;
  if (input.vatRatePercent != null) {
    if (!VAT_RATES.includes(input.vatRatePercent)) c.fail("vatRatePercent", "NOT_ALLOWED", { zh: `增值税率只能是 ${VAT_RATES.join("/")}%`, en: `must be one of ${VAT_RATES.join(", ")} percent` });
    else vatRateBp = input.vatRatePercent * 100;
  }
  const keep = <K extends "paymentTerms" | "notes" | "riskNote" | "validUntil">(k: K) => (input[k] === undefined ? (current?.[k] ?? null) : input[k]);
  const draft: QuoteDraft = {
    lines,
    extraDiscountFen,
    vatRateBp,
    paymentTerms: c.text("paymentTerms", keep("paymentTerms"), { max: 500 }) ?? null,
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
