import { gzipSync } from "node:zlib";
import type { Actor } from "../actor";
import { newActivity } from "../activity";
import { canonical } from "../canonical";
import { listCustomers, type CustomerFilter } from "../customer";
import { localDay } from "../local-day";
import { newId } from "../ids";
import { listOpportunities, type OpportunityFilter } from "../pipeline";
import { type Column, headersOf, rowsOf } from "./columns";
import { customerColumns, customerRows } from "./customer-sheet";
import { EXPORT_PATH, newToken, tokenHash } from "./link";
import { type ExportKind, type ExportRecord, LINK_MINUTES } from "./model";
import { opportunityColumns, opportunityRows } from "./opportunity-sheet";
import { readAll } from "./read-all";
import type { SheetDocument } from "./sheet";

/** What the caller gets: the one-time link and what it holds. */
export interface ExportLink {
  url: string;
  expiresAt: string;
  fileName: string;
  rowCount: number;
}

const NAMES: Record<ExportKind, [string, string]> = { CUSTOMERS: ["客户", "Customers"], OPPORTUNITIES: ["商机", "Opportunities"] };

/** The customers the viewer may see under the filter (the `customers` list's own code), as an .xlsx. */
export async function exportCustomers(actor: Actor, filter: CustomerFilter): Promise<ExportLink> {
  const customers = await readAll((page) => listCustomers(actor, filter, page));
  const org = await actor.org();
  return writeExport(actor, "CUSTOMERS", filter, customerColumns(org, actor.viewer.locale), await customerRows(actor, customers));
}

/** The deals the viewer may see under the filter (the `opportunities` list's own code), as an .xlsx. */
export async function exportOpportunities(actor: Actor, filter: OpportunityFilter): Promise<ExportLink> {
  const deals = await readAll((page) => listOpportunities(actor, filter, page));
  const org = await actor.org();
  return writeExport(actor, "OPPORTUNITIES", filter, opportunityColumns(actor, org, actor.viewer.locale), await opportunityRows(actor, deals));
}

/**
 * Rows to workbook (in the sheets worker: exceljs stays out of this function), then the record with
 * its audit entry on the organization's timeline, in one transaction; the link's token goes only to
 * the caller.
 */
async function writeExport<R>(actor: Actor, kind: ExportKind, filter: object, columns: Column<R>[], rows: R[]): Promise<ExportLink> {
  const { deps, viewer } = actor;
  if (!deps.sheets) throw new Error("No sheets worker: this function cannot write workbooks");
  const now = deps.clock.now();
  const org = await actor.org();
  const locale = viewer.locale;
  const id = newId(now);
  const [zh, en] = NAMES[kind];
  const fileName = locale === "en" ? `${en}-export-${localDay(now, org.timeZone)}.xlsx` : `${zh}导出-${localDay(now, org.timeZone)}.xlsx`;
  const doc: SheetDocument = { sheetName: locale === "en" ? en : zh, columns: headersOf(columns, locale), rows: rowsOf(columns, rows), creator: viewer.name, createdAt: now.toISOString() };
  const base = `exports/${viewer.orgId}/${id}`;
  await deps.files.put(`${base}/rows.json.gz`, gzipSync(JSON.stringify(doc)), "application/gzip");
  await deps.sheets.run({ kind: "exportWorkbook", sourceKey: `${base}/rows.json.gz`, fileKey: `${base}/export.xlsx` });
  const stored = await deps.files.stat(`${base}/export.xlsx`);
  if (!stored) throw new Error(`The sheets worker wrote no workbook for export ${id}`);

  const token = newToken();
  const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000).toISOString();
  const shownFilter = JSON.stringify(canonical(Object.fromEntries(Object.entries(filter).filter(([, v]) => v != null))));
  const record: ExportRecord = {
    id,
    orgId: viewer.orgId,
    kind,
    requestedBy: viewer.id,
    requestedAt: now.toISOString(),
    filter: shownFilter,
    rowCount: rows.length,
    fileKey: `${base}/export.xlsx`,
    fileName,
    size: stored.size,
    linkHash: tokenHash(token),
    expiresAt,
  };
  // Exports are a way for data to leave: who exported what, under which filter, stays on the organization's timeline.
  const audit = newActivity(
    { orgId: viewer.orgId, subjectType: "ORGANIZATION", subjectId: viewer.orgId, kind: "DATA_EXPORTED", actorId: viewer.id, decision: kind, note: `${rows.length}`, reason: shownFilter },
    now,
  );
  await deps.store.exports.create(record, audit);
  return { url: `${deps.config.publicUrl}${EXPORT_PATH}/${token}`, expiresAt, fileName, rowCount: rows.length };
}
