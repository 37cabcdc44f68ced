import { createActor, type Deps } from "../actor";
import { nameKey } from "../customer/normalize";
import type { CustomerFields } from "../customer/model";
import type { Text } from "../text";
import { columnsOf, matchHeaders } from "./columns";
import { checkCustomerRow } from "./customer-rows";
import { ImportFileError } from "./errors";
import { dryRunOpportunities } from "./opportunity-dry-run";
import { dryRunContacts } from "./contact-dry-run";
import { dryRunProducts } from "./product-dry-run";
import { type ImportCounts, type ImportJob, NO_COUNTS, type RowVerdict, type SheetRow } from "./model";

/** More rows than this is more than one sitting's clean-up: split the file. */
export const MAX_ROWS = 20_000;

/**
 * The dry run: every row checked as the API would check it, then duplicates found against the table
 * (credit code, normalized name: the uniqueness items createCustomer claims) and within the file
 * (the earlier row wins). Nothing is written but the import's progress.
 */
export async function dryRun(deps: Deps, job: ImportJob, headers: string[], rows: SheetRow[]): Promise<{ verdicts: RowVerdict[]; counts: ImportCounts }> {
  const columns = matchHeaders(job.kind, headers);
  const missing = columnsOf(job.kind).filter((c) => c.required && !columns.has(c.field));
  if (missing.length) {
    throw new ImportFileError({
      zh: `文件缺少必填列：${missing.map((c) => c.header.zh).join("、")}（请使用导入模板的表头）`,
      en: `The file lacks required columns: ${missing.map((c) => c.header.en).join(", ")} (use the import template's headers)`,
    });
  }
  const filled = rows.filter((r) => r.cells.some((c) => c.trim()));
  if (filled.length > MAX_ROWS) {
    throw new ImportFileError({ zh: `一次最多导入${MAX_ROWS}行，本文件有${filled.length}行，请拆分后导入`, en: `At most ${MAX_ROWS} rows per import; this file has ${filled.length}: split it` });
  }
  const [viewer] = await deps.store.users.getMany([job.createdBy]);
  if (!viewer) throw new ImportFileError({ zh: "导入人已不存在", en: "The importer no longer exists" });
  const actor = createActor(viewer, deps);
  const ctx = { viewer, team: await actor.team(), users: await actor.orgUsers() };
  const cell = (r: SheetRow, field: string) => cellOf(r, columns.get(field));
  if (job.kind === "OPPORTUNITIES") return dryRunOpportunities(actor, ctx, filled, cell);
  if (job.kind === "CONTACTS") return dryRunContacts(actor, ctx, filled, cell);
  if (job.kind === "PRODUCTS") return dryRunProducts(actor, filled, cell);

  const checked = filled.map((r) => ({ row: r.row, result: checkCustomerRow(ctx, (field) => cellOf(r, columns.get(field))) }));
  const valid = checked.flatMap((c) => ("fields" in c.result ? [{ row: c.row, ...c.result }] : []));
  const holders = await deps.store.imports.customerHolders(
    job.orgId,
    valid.flatMap((v) => (v.fields.creditCode ? [v.fields.creditCode] : [])),
    valid.map((v) => nameKey(v.fields.name)),
  );
  const holderNames = new Map((await deps.store.customers.getMany([...new Set([...holders.byCreditCode.values(), ...holders.byName.values()])])).flatMap((c) => (c ? [[c.id, c.name]] : [])));

  const seenCode = new Map<string, number>();
  const seenName = new Map<string, number>();
  const counts = { ...NO_COUNTS };
  const verdicts = checked.map(({ row, result }): RowVerdict => {
    if ("problems" in result) {
      counts.invalidRows++;
      return { row, status: "INVALID", problems: result.problems };
    }
    const { fields, ownerId } = result;
    const key = nameKey(fields.name);
    const existingId = (fields.creditCode && holders.byCreditCode.get(fields.creditCode)) || holders.byName.get(key) || null;
    const sameAsRow = (fields.creditCode && seenCode.get(fields.creditCode)) || seenName.get(key) || null;
    if (fields.creditCode && !seenCode.has(fields.creditCode)) seenCode.set(fields.creditCode, row);
    if (!seenName.has(key)) seenName.set(key, row);
    const record = fields as unknown as Record<string, unknown>;
    if (!existingId && !sameAsRow) {
      counts.newRows++;
      return { row, status: "NEW", record, ownerId };
    }
    counts.duplicateRows++;
    const problems: Text[] = existingId
      ? [duplicateOfCustomer(holderNames.get(existingId) ?? fields.name, fields)]
      : [{ zh: `与第${sameAsRow}行重复（统一社会信用代码或名称相同）`, en: `repeats row ${sameAsRow} (same credit code or name)` }];
    return { row, status: "DUPLICATE", record, ownerId, existingId, sameAsRow: existingId ? null : sameAsRow, problems };
  });
  return { verdicts, counts };
}

const duplicateOfCustomer = (name: string, fields: CustomerFields): Text => ({
  zh: `已有客户“${name}”${fields.creditCode ? "（统一社会信用代码或名称相同）" : "（名称相同）"}`,
  en: `customer "${name}" exists already${fields.creditCode ? " (same credit code or name)" : " (same name)"}`,
});

const cellOf = (r: SheetRow, index: number | undefined) => (index === undefined ? undefined : r.cells[index]);
