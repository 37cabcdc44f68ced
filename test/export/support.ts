import ExcelJS from "exceljs";
import type { User } from "../../functions/core/user";
import type { TestApp } from "../support/app";

export const EXPORT_CUSTOMERS = `mutation($filter: CustomerFilter) { exportCustomers(filter: $filter) {
  __typename ... on Error { message } ... on ValidationError { fields { path code } } ... on ExportTooLargeError { limit }
  ... on ExportFile { url expiresAt fileName rowCount } } }`;
export const EXPORT_OPPORTUNITIES = `mutation($filter: OpportunityFilter) { exportOpportunities(filter: $filter) {
  __typename ... on Error { message } ... on ValidationError { fields { path code } } ... on ExportTooLargeError { limit }
  ... on ExportFile { url expiresAt fileName rowCount } } }`;

export interface Sheet {
  headers: string[];
  /** Rows as objects by header. */
  rows: Record<string, ExcelJS.CellValue>[];
  /** The number format of a column's first data cell, by header. */
  formats: Record<string, string | undefined>;
  sheetName: string;
}

/** Reads a workbook back with exceljs, as a person's Excel would open it. */
export async function readWorkbook(bytes: ArrayBuffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  const ws = wb.worksheets[0];
  const headers = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value ?? null])));
  });
  const formats = Object.fromEntries(headers.map((h, i) => [h, ws.getRow(2).getCell(i + 1).numFmt]));
  return { headers, rows, formats, sheetName: ws.name };
}

/** Asks for an export and downloads it through its link, as a browser would. */
export async function exportAndDownload(app: TestApp, as: User, mutation: string, filter: Record<string, unknown> = {}) {
  const res = await app.ok(as, mutation, { filter });
  const file = res.exportCustomers ?? res.exportOpportunities;
  if (file.__typename !== "ExportFile") throw new Error(JSON.stringify(file));
  const response = await fetch(file.url);
  if (response.status !== 200) throw new Error(`download ${response.status}: ${await response.text()}`);
  const sheet = await readWorkbook(await response.arrayBuffer());
  return { file, response, sheet };
}
