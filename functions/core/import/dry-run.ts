import { createActor, type Deps } from "../actor";
import { nameKey } from "../customer/normalize";
import type { Text } from "../text";
import { columnsOf, matchHeaders, repeatedHeaders } from "./columns";
import { checkCustomerRow, type RowContext } from "./customer-rows";
import { ImportFileError } from "./errors";
import { dryRunOpportunities } from "./opportunity-dry-run";
import { dryRunContacts } from "./contact-dry-run";
import { dryRunProducts } from "./product-dry-run";
import { type ImportCounts, type ImportJob, NO_COUNTS, type RowVerdict, type SheetRow } from "./model";

/** Rows checked between two progress updates of the dry run. */
const PROGRESS_EVERY = 500;

/** A test's window on the dry run: called after each chunk's progress is written. */
export const dryRunHooks: { afterChunk?: (importId: string) => Promise<void> } = {};

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
      zh: `文件缺少必填列：${missing.map((c) => c.header.zh).join("、")}（在第一个工作表的前5行中查找表头；请使用导入模板的表头）`,
      en: `The file lacks required columns: ${missing.map((c) => c.header.en).join(", ")} (headers are looked for in the first 5 rows of the first sheet; use the import template's headers)`,
    });
  }
  const repeated = repeatedHeaders(job.kind, headers);
  if (repeated.length) {
    const list = (sep: string, col: string) => repeated.map((r) => `${r.header}${col}${r.columns.join(sep)}`);
    throw new ImportFileError({
      zh: `表头重复：${list("、", "（第").map((t) => `${t}列）`).join("；")}。请只保留一列后重新上传`,
      en: `Repeated headers: ${list(", ", " (columns ").map((t) => `${t})`).join("; ")}. Keep one of each and upload again`,
    });
  }
  const nonBlank = rows.filter((r) => r.cells.some((c) => c.trim()));
  if (!nonBlank.length) throw new ImportFileError({ zh: "文件中没有数据行：表头下方没有可导入的内容", en: "The file has no data rows: nothing under the headers to import" });
  // The template's example row, left in: refused as the example, never imported as a customer.
  const isExample = exampleRowTest(job.kind, columns);
  const examples: RowVerdict[] = nonBlank.filter(isExample).map((r) => ({ row: r.row, status: "INVALID", problems: [EXAMPLE_ROW] }));
  const filled = nonBlank.filter((r) => !isExample(r));
  if (filled.length > MAX_ROWS) {
    throw new ImportFileError({ zh: `一次最多导入${MAX_ROWS}行，本文件有${filled.length}行，请拆分后导入`, en: `At most ${MAX_ROWS} rows per import; this file has ${filled.length}: split it` });
  }
  await deps.store.imports.transition(job.id, ["VALIDATING"], "VALIDATING", { processed: 0, total: nonBlank.length });
  const [viewer] = await deps.store.users.getMany([job.createdBy]);
  if (!viewer) throw new ImportFileError({ zh: "导入人已不存在", en: "The importer no longer exists" });
  const actor = createActor(viewer, deps);
  const ctx = { viewer, team: await actor.team(), users: await actor.orgUsers() };
  const cell = (r: SheetRow, field: string) => cellOf(r, columns.get(field));
  return withExamples(examples, await dryRunKind(deps, job, actor, ctx, filled, cell, columns));
}

async function dryRunKind(
  deps: Deps,
  job: ImportJob,
  actor: ReturnType<typeof createActor>,
  ctx: RowContext,
  filled: SheetRow[],
  cell: (r: SheetRow, field: string) => string | undefined,
  columns: Map<string, number>,
): Promise<{ verdicts: RowVerdict[]; counts: ImportCounts }> {
  if (job.kind === "OPPORTUNITIES") return dryRunOpportunities(actor, ctx, filled, cell);
  if (job.kind === "CONTACTS") return dryRunContacts(actor, ctx, filled, cell);
  if (job.kind === "PRODUCTS") return dryRunProducts(actor, filled, cell);

  const checked: { row: number; result: ReturnType<typeof checkCustomerRow> }[] = [];
  const holders = { byCreditCode: new Map<string, string>(), byName: new Map<string, string>() };
  // A chunk at a time, so `processed` of `total` moves while a large file is checked.
  for (let i = 0; i < filled.length; i += PROGRESS_EVERY) {
    const part = filled.slice(i, i + PROGRESS_EVERY).map((r) => ({ row: r.row, result: checkCustomerRow(ctx, (field) => cellOf(r, columns.get(field))) }));
    checked.push(...part);
    const valid = part.flatMap((c) => ("fields" in c.result ? [c.result.fields] : []));
    const found = await deps.store.imports.customerHolders(
      job.orgId,
      valid.flatMap((f) => (f.creditCode ? [f.creditCode] : [])),
      valid.map((f) => nameKey(f.name)),
    );
    found.byCreditCode.forEach((v, k) => holders.byCreditCode.set(k, v));
    found.byName.forEach((v, k) => holders.byName.set(k, v));
    await deps.store.imports.addProgress(job.id, part.length);
    await dryRunHooks.afterChunk?.(job.id);
  }
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
    const byCode = (fields.creditCode && holders.byCreditCode.get(fields.creditCode)) || null;
    const byName = holders.byName.get(key) || null;
    if (byCode && byName && byCode !== byName) {
      // A typo in one of the two: filling either customer could write into the wrong company.
      counts.invalidRows++;
      const [named, coded] = [holderNames.get(byName) ?? fields.name, holderNames.get(byCode) ?? fields.creditCode];
      return {
        row,
        status: "INVALID",
        problems: [{ zh: `名称与已有客户“${named}”相同，但统一社会信用代码属于“${coded}”`, en: `The name is that of customer "${named}", but the credit code belongs to "${coded}"` }],
      };
    }
    const existingId = byCode || byName;
    // A credit code an earlier row gives: that row wins, even when this row names another existing customer.
    const sameCodeRow = (fields.creditCode && seenCode.get(fields.creditCode)) || null;
    const sameAsRow = sameCodeRow || (existingId ? null : seenName.get(key) || null);
    if (fields.creditCode && !seenCode.has(fields.creditCode)) seenCode.set(fields.creditCode, row);
    if (!seenName.has(key)) seenName.set(key, row);
    const record = fields as unknown as Record<string, unknown>;
    if (!existingId && !sameAsRow) {
      counts.newRows++;
      return { row, status: "NEW", record, ownerId };
    }
    counts.duplicateRows++;
    const problems: Text[] = sameAsRow
      ? [{ zh: `与第${sameAsRow}行重复（${sameCodeRow ? "统一社会信用代码相同" : "名称相同"}）`, en: `Repeats row ${sameAsRow} (${sameCodeRow ? "same credit code" : "same name"})` }]
      : [duplicateOfCustomer(holderNames.get(existingId as string) ?? fields.name, Boolean(byCode))];
    return { row, status: "DUPLICATE", record, ownerId, existingId: sameAsRow ? null : existingId, sameAsRow, problems };
  });
  return { verdicts, counts };
}

const duplicateOfCustomer = (name: string, byCode: boolean): Text => ({
  zh: `已有客户“${name}”${byCode ? "（统一社会信用代码相同）" : "（名称相同）"}`,
  en: `Customer "${name}" exists already${byCode ? " (same credit code)" : " (same name)"}`,
});

const EXAMPLE_ROW: Text = { zh: "这是导入模板的示例行，请删除后再导入", en: "This is the template's example row: delete it before importing" };

/** A row that is the template's example: every example value the file has a column for, as the template wrote it. */
function exampleRowTest(kind: ImportJob["kind"], columns: Map<string, number>) {
  const given = columnsOf(kind).filter((c) => c.example && columns.has(c.field));
  const key = (v: string | undefined) => (v ?? "").normalize("NFKC").trim().toUpperCase();
  return (r: SheetRow) => given.length > 0 && given.every((c) => key(cellOf(r, columns.get(c.field))) === key(c.example));
}

function withExamples(examples: RowVerdict[], result: { verdicts: RowVerdict[]; counts: ImportCounts }) {
  if (!examples.length) return result;
  const verdicts = [...examples, ...result.verdicts].sort((a, b) => a.row - b.row);
  return { verdicts, counts: { ...result.counts, invalidRows: result.counts.invalidRows + examples.length } };
}

const cellOf = (r: SheetRow, index: number | undefined) => (index === undefined ? undefined : r.cells[index]);
