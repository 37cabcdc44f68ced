import { newId } from "../ids";
import type { Product } from "../product/model";
import type { Checker } from "../validate";
import type { QuoteLine } from "./model";
import { amountFen } from "./totals";

export interface QuoteLineInput {
  /** The line being changed; new lines have none. */
  id?: string | null;
  /**
   * A price book product. Absent on an existing line: the line keeps its product (or stays
   * non-catalogue); null: a non-catalogue line.
   */
  productId?: string | null;
  /** Name, spec, unit and list price: taken from the price book on catalogue lines. */
  product?: string | null;
  spec?: string | null;
  quantity: number;
  unit?: string | null;
  listPriceFen?: number | null;
  unitPriceFen: number;
  /** Refused: costs come from the price book, or from TECH or FINANCE (setQuoteLineCosts). */
  costFen?: number | null;
}

const MAX_QUANTITY_MILLI = 1e12;
/** ¥100 billion a line. */
const MAX_LINE_FEN = 1e13;

/**
 * A quantity with up to three decimals as exact thousandths. The number's shortest decimal form
 * (what a client typed: 1.005 → "1.005") is read digit by digit, so no float rounding creeps in.
 */
export function quantityMilli(q: number): number | undefined {
  if (!Number.isFinite(q) || q <= 0) return undefined;
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(String(q));
  if (!m) return undefined;
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
  return milli > 0 && milli <= MAX_QUANTITY_MILLI ? milli : undefined;
}

export function checkFen(c: Checker, path: string, v: number | null | undefined, opts: { positive?: boolean } = {}) {
  if (v == null) return undefined;
  if (!Number.isSafeInteger(v) || v < (opts.positive ? 1 : 0) || v > 1e13) {
    c.fail(path, "INVALID_AMOUNT", { zh: opts.positive ? "须为大于0的整数（分）" : "须为不小于0的整数（分）", en: `must be a whole number of fen${opts.positive ? " above 0" : ""}` });
    return undefined;
  }
  return v;
}

/** The price book's side of a catalogue line: copied when the line picks it, and again at submission. */
export const fromProduct = (p: Product): Pick<QuoteLine, "productId" | "productCode" | "product" | "spec" | "unit" | "listPriceFen" | "costFen" | "floorPriceFen" | "vatRateBp"> => ({
  productId: p.id,
  productCode: p.code,
  product: p.name,
  spec: p.spec,
  unit: p.unit,
  listPriceFen: p.listPriceFen,
  costFen: p.standardCostFen,
  floorPriceFen: p.floorPriceFen,
  vatRateBp: p.vatRateBp,
});

/**
 * One line as it will be stored. `products` holds the products the input names (inactive ones
 * included: a line that already holds one keeps it).
 */
export function checkLine(c: Checker, p: string, l: QuoteLineInput, before: QuoteLine | undefined, products: Map<string, Product>): QuoteLine {
  if (l.id && !before) c.fail(`${p}.id`, "UNKNOWN_LINE", { zh: "不是本报价单的行", en: "is not a line of this quote" });
  const milli = quantityMilli(l.quantity);
  if (milli === undefined) c.fail(`${p}.quantity`, "INVALID_QUANTITY", { zh: "数量须大于0，最多三位小数", en: "must be above 0 with at most three decimals" });
  if (l.costFen != null) c.fail(`${p}.costFen`, "COST_NOT_ALLOWED", { zh: "成本由技术或财务填写", en: "is entered by TECH or FINANCE, not on the quote" });
  const unitPriceFen = checkFen(c, `${p}.unitPriceFen`, l.unitPriceFen, { positive: true }) ?? 0;
  // Keeps every sum of amounts an exact integer in a JavaScript number.
  if (milli !== undefined && BigInt(unitPriceFen) * BigInt(milli) > BigInt(MAX_LINE_FEN) * 1000n) {
    c.fail(`${p}.quantity`, "TOO_LARGE", { zh: "单行金额过大", en: "makes the line amount too large" });
  }
  if (milli !== undefined && unitPriceFen > 0 && amountFen(unitPriceFen, milli) === 0) {
    c.fail(`${p}.quantity`, "AMOUNT_ZERO", { zh: "该行金额不足1分", en: "makes the line amount less than one fen" });
  }
  const base = { id: before?.id ?? newId(), quantityMilli: milli ?? 0, unitPriceFen };

  const productId = l.productId === undefined ? (before?.productId ?? null) : l.productId;
  if (productId) {
    const product = products.get(productId);
    if (!product) {
      // Kept from the line and not reloaded: the line keeps its copy until submission refreshes it.
      if (before && before.productId === productId) return { ...before, ...base };
      c.fail(`${p}.productId`, "UNKNOWN_PRODUCT", { zh: "产品目录中没有该产品", en: "is not in the price book" });
      return { ...base, ...emptyCatalogue };
    }
    if (!product.active && before?.productId !== productId) c.fail(`${p}.productId`, "PRODUCT_INACTIVE", { zh: "该产品已停用，不能选用", en: "is deactivated and cannot be picked" });
    return { ...base, ...fromProduct(product) };
  }

  const product = c.text(`${p}.product`, l.product, { required: true, max: 100 }) ?? "";
  const spec = c.text(`${p}.spec`, l.spec, { max: 200 }) ?? null;
  const unit = c.text(`${p}.unit`, l.unit, { required: true, max: 10 }) ?? "";
  if (l.listPriceFen == null) c.fail(`${p}.listPriceFen`, "REQUIRED", { zh: "不能为空（非目录产品须填写）", en: "is required on a line not from the price book" });
  const listPriceFen = checkFen(c, `${p}.listPriceFen`, l.listPriceFen) ?? 0;
  // A cost entered for this very item stays; a different item (or one from the price book) needs a new one.
  const sameItem = before && before.productId === null && before.product === product && before.spec === spec && before.unit === unit;
  return { ...base, productId: null, productCode: null, product, spec, unit, listPriceFen, costFen: sameItem ? before.costFen : null, floorPriceFen: null, vatRateBp: null };
}

const emptyCatalogue = { productId: null, productCode: null, product: "", spec: null, unit: "", listPriceFen: 0, costFen: null, floorPriceFen: null, vatRateBp: null };
