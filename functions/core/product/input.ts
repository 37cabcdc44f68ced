import { VAT_RATES } from "../quote/input";
import { Checker } from "../validate";
import type { Product } from "./model";

export interface ProductInput {
  code?: string | null;
  name?: string | null;
  spec?: string | null;
  unit?: string | null;
  listPriceFen?: number | null;
  standardCostFen?: number | null;
  floorPriceFen?: number | null;
  vatRatePercent?: number | null;
  active?: boolean | null;
}

type ProductFields = Pick<Product, "code" | "name" | "spec" | "unit" | "listPriceFen" | "standardCostFen" | "floorPriceFen" | "vatRateBp" | "active">;

const CODE = /^[A-Z0-9][A-Z0-9._/-]*$/;
const MAX_FEN = 1e13;

function fen(c: Checker, path: string, v: number | null | undefined, required: boolean): number | undefined {
  if (v == null) {
    if (required) c.fail(path, "REQUIRED", { zh: "不能为空", en: "is required" });
    return undefined;
  }
  if (!Number.isSafeInteger(v) || v < 0 || v > MAX_FEN) {
    c.fail(path, "INVALID_AMOUNT", { zh: "须为不小于0的整数（分）", en: "must be a whole, non-negative number of fen" });
    return undefined;
  }
  return v;
}

/**
 * The product as it will be stored: every field checked, absent ones kept from `current` (none on
 * create, where code, name, unit, list price, cost and floor are required; VAT defaults to 13%).
 */
export function checkProduct(input: ProductInput, current: ProductFields | null): ProductFields {
  const c = new Checker();
  const creating = current === null;
  const keep = <K extends keyof ProductFields>(k: K, v: ProductFields[K] | undefined): ProductFields[K] => (v === undefined ? (current?.[k] as ProductFields[K]) : v);
  let code: string | undefined;
  if (input.code !== undefined || creating) {
    code = c.text("code", input.code, { required: true, max: 40 })?.toUpperCase();
    if (code && !CODE.test(code)) c.fail("code", "INVALID_CODE", { zh: "编码只能包含字母、数字和 . _ / -", en: "may hold letters, digits and . _ / - only" });
  }
  const name = input.name !== undefined || creating ? c.text("name", input.name, { required: true, max: 100 }) : undefined;
  const unit = input.unit !== undefined || creating ? c.text("unit", input.unit, { required: true, max: 10 }) : undefined;
  const spec = input.spec === undefined ? current?.spec ?? null : (c.text("spec", input.spec, { max: 200 }) ?? null);
  const listPriceFen = keep("listPriceFen", fen(c, "listPriceFen", input.listPriceFen, creating));
  const standardCostFen = keep("standardCostFen", fen(c, "standardCostFen", input.standardCostFen, creating));
  const floorPriceFen = keep("floorPriceFen", fen(c, "floorPriceFen", input.floorPriceFen, creating));
  if (floorPriceFen != null && listPriceFen != null && floorPriceFen > listPriceFen) {
    c.fail(input.floorPriceFen != null ? "floorPriceFen" : "listPriceFen", "FLOOR_ABOVE_LIST", { zh: "最低限价不能高于标准价", en: "the floor price cannot be above the list price" });
  }
  let vatRateBp = current?.vatRateBp ?? 1300;
  if (input.vatRatePercent != null) {
    if (!VAT_RATES.includes(input.vatRatePercent)) c.fail("vatRatePercent", "NOT_ALLOWED", { zh: `增值税率只能是 ${VAT_RATES.join("/")}%`, en: `must be one of ${VAT_RATES.join(", ")} percent` });
    else vatRateBp = input.vatRatePercent * 100;
  }
  c.done();
  return {
    code: code ?? current!.code,
    name: name ?? current!.name,
    spec,
    unit: unit ?? current!.unit,
    listPriceFen,
    standardCostFen,
    floorPriceFen,
    vatRateBp,
    active: input.active ?? current?.active ?? true,
  };
}

/** Full-width and half-width folded (NFKC) and lower case, as the words of a search are (product-search.ts). */
export const foldForSearch = (s: string) => s.normalize("NFKC").toLowerCase();

export const searchTextOf = (p: Pick<Product, "code" | "name" | "spec">) => foldForSearch([p.code, p.name, p.spec ?? ""].join(" "));
