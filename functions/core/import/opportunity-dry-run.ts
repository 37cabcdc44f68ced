import type { Actor } from "../actor";
import type { Opportunity } from "../pipeline/model";
import { isOpen } from "../pipeline/stages";
import type { Text } from "../text";
import { loadNamedCustomers } from "./customer-lookup";
import type { RowContext } from "./customer-rows";
import { type ImportCounts, NO_COUNTS, type RowVerdict, type SheetRow } from "./model";
import { checkOpportunityRow } from "./opportunity-rows";

/** Titles as people retype them: width, case and spacing aside. */
const titleKey = (title: string) => title.normalize("NFKC").toLowerCase().replace(/\s+/g, "");

/**
 * The dry run of an opportunities file: the customers it names read at once (their uniqueness items,
 * then the customers), every row checked as createOpportunity checks, then duplicates: the same
 * customer and title as an open deal of that customer, or as an earlier row of the file.
 */
export async function dryRunOpportunities(
  actor: Actor,
  ctx: RowContext,
  rows: SheetRow[],
  cellOf: (r: SheetRow, field: string) => string | undefined,
): Promise<{ verdicts: RowVerdict[]; counts: ImportCounts }> {
  const rowCtx = { ...ctx, org: await actor.org(), ...(await loadNamedCustomers(actor, rows, cellOf)) };

  const checked = rows.map((r) => ({ row: r.row, result: checkOpportunityRow(rowCtx, (field) => cellOf(r, field)) }));
  const openDeals = await openDealsOf(actor, [...new Set(checked.flatMap((c) => ("record" in c.result ? [c.result.record.customerId] : [])))]);

  const seen = new Map<string, number>();
  const counts = { ...NO_COUNTS };
  const verdicts = checked.map(({ row, result }): RowVerdict => {
    if ("problems" in result) {
      counts.invalidRows++;
      return { row, status: "INVALID", problems: result.problems };
    }
    const { record, ownerId } = result;
    const key = `${record.customerId}#${titleKey(record.fields.title)}`;
    const existing = openDeals.get(key) ?? null;
    const sameAsRow = seen.get(key) ?? null;
    if (!seen.has(key)) seen.set(key, row);
    const stored = record as unknown as Record<string, unknown>;
    if (!existing && !sameAsRow) {
      counts.newRows++;
      return { row, status: "NEW", record: stored, ownerId };
    }
    counts.duplicateRows++;
    const problems: Text[] = existing
      ? [{ zh: `该客户已有同名未关闭商机“${existing.title}”`, en: `the customer has an open deal "${existing.title}" already` }]
      : [{ zh: `与第${sameAsRow}行重复（客户与商机名称相同）`, en: `repeats row ${sameAsRow} (same customer and title)` }];
    return { row, status: "DUPLICATE", record: stored, ownerId, existingId: existing?.id ?? null, sameAsRow: existing ? null : sameAsRow, problems };
  });
  return { verdicts, counts };
}

/** The open deals of these customers, by customer and title key: two BatchGetItems, not a query per customer. */
async function openDealsOf(actor: Actor, customerIds: string[]): Promise<Map<string, Opportunity>> {
  const store = actor.deps.store;
  const dealIds = (await store.customerDealIds.read(customerIds)).flat();
  const deals = await store.opportunities.getMany(dealIds);
  const out = new Map<string, Opportunity>();
  for (const d of deals) if (d && isOpen(d.stage)) out.set(`${d.customerId}#${titleKey(d.title)}`, d);
  return out;
}
