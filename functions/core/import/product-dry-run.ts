import type { Actor } from "../actor";
import { type FieldIssue, ValidationError } from "../errors";
import { checkProduct, type ProductInput } from "../product/input";
import type { Text } from "../text";
import { labelled } from "./columns";
import { type ImportCounts, NO_COUNTS, type RowVerdict, type SheetRow } from "./model";
import { yuanToFen } from "./opportunity-rows";

const label = (field: string, text: Text) => labelled("PRODUCTS", field, text);
/** The input's fields by the column that fills them (prices in yuan, VAT in percent). */
const COLUMN_OF: Record<string, string> = { listPriceFen: "listPrice", standardCostFen: "standardCost", floorPriceFen: "floorPrice", vatRatePercent: "vatRate" };

/**
 * The dry run of a products file: each row checked by createProduct's own check (checkProduct:
 * code format, required fields, floor at most the list price, VAT rates), prices typed in yuan
 * turned into fen first. Duplicates: a code a product holds (the uniqueness item createProduct
 * claims), or an earlier row's code.
 */
export async function dryRunProducts(actor: Actor, rows: SheetRow[], cellOf: (r: SheetRow, field: string) => string | undefined): Promise<{ verdicts: RowVerdict[]; counts: ImportCounts }> {
  const checked = rows.map((r) => ({ row: r.row, result: checkRow((field) => cellOf(r, field)) }));
  const codes = checked.flatMap((c) => ("input" in c.result ? [c.result.code] : []));
  const holders = await actor.deps.store.imports.productCodeHolders(actor.viewer.orgId, codes);
  const seen = new Map<string, number>();
  const counts = { ...NO_COUNTS };
  const verdicts = checked.map(({ row, result }): RowVerdict => {
    if ("problems" in result) {
      counts.invalidRows++;
      return { row, status: "INVALID", problems: result.problems };
    }
    const existingId = holders.get(result.code) ?? null;
    const sameAsRow = seen.get(result.code) ?? null;
    if (!seen.has(result.code)) seen.set(result.code, row);
    const record = result.input as Record<string, unknown>;
    if (!existingId && !sameAsRow) {
      counts.newRows++;
      return { row, status: "NEW", record, ownerId: null };
    }
    counts.duplicateRows++;
    const problems: Text[] = existingId
      ? [{ zh: `产品编码 ${result.code} 已被使用`, en: `Product code ${result.code} is already in use` }]
      : [{ zh: `与第${sameAsRow}行重复（产品编码相同）`, en: `repeats row ${sameAsRow} (same product code)` }];
    return { row, status: "DUPLICATE", record, ownerId: null, existingId, sameAsRow: existingId ? null : sameAsRow, problems };
  });
  return { verdicts, counts };
}

function checkRow(cell: (field: string) => string | undefined): { input: ProductInput; code: string } | { problems: Text[] } {
  const problems: Text[] = [];
  const price = (field: string) => {
    const out = yuanToFen(cell(field), (t) => label(field, t));
    if ("problem" in out) problems.push(out.problem);
    return "fen" in out ? out.fen : undefined;
  };
  const vatText = cell("vatRate")?.normalize("NFKC").replace(/[%\s]/g, "");
  const vat = vatText ? Number(vatText) : null;
  if (vatText && !Number.isFinite(vat)) problems.push(label("vatRate", { zh: `“${vatText}”不是税率`, en: `"${vatText}" is not a rate` }));
  const input: ProductInput = {
    code: cell("code")?.normalize("NFKC").trim(),
    name: cell("name"),
    spec: cell("spec") || null,
    unit: cell("unit"),
    listPriceFen: price("listPrice"),
    standardCostFen: price("standardCost"),
    floorPriceFen: price("floorPrice"),
    vatRatePercent: Number.isFinite(vat) ? vat : null,
  };
  try {
    const fields = checkProduct(input, null);
    if (!problems.length) return { input, code: fields.code };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.issues.map(describe));
  }
  return { problems };
}

const describe = (issue: FieldIssue): Text => label(COLUMN_OF[issue.path[0]] ?? issue.path[0], issue.text);
