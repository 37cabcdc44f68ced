import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { ColumnType, SheetDocument } from "../core/export/sheet";

/** Number formats as Chinese Excel shows them by default; the same in an English Excel. */
const FORMATS: Partial<Record<ColumnType, string>> = {
  money: "#,##0.00",
  integer: "0",
  percent: "0.00%",
  date: "yyyy-mm-dd",
  dateTime: "yyyy-mm-dd hh:mm",
};

/**
 * A local date or wall-clock time as the Date exceljs writes: exceljs turns a Date into Excel's
 * serial from its UTC fields, and Excel dates have no zone, so the organization's local time goes
 * in as if it were UTC and a reader in any zone sees 2026-12-01 10:00 as it happened in Shanghai.
 */
function excelDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(value);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0))) : null;
}

function cell(type: ColumnType, value: string | number | null): ExcelJS.CellValue {
  if (value === null || value === "") return null;
  switch (type) {
    case "money":
      // Fen to yuan: exact to the fen in a double for any amount below 10^13 yuan.
      return Number(value) / 100;
    case "percent":
      // Two decimals of a percent are four of a fraction: 22.22 → 0.2222, not 0.22219999999999998.
      return Math.round(Number(value) * 100) / 10_000;
    case "integer":
      return Number(value);
    case "date":
    case "dateTime":
      return excelDate(String(value)) ?? String(value);
    case "text":
      return String(value);
  }
}

/**
 * The .xlsx of an export: one sheet, a bold frozen header row, typed cells with number formats.
 * Written by exceljs's streaming writer, row by row: 10,000 rows of 18 columns in about half the
 * time (and a fraction of the memory) of the whole-workbook writer.
 */
export async function exportWorkbook(doc: SheetDocument): Promise<Uint8Array> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = doc.creator;
  wb.created = new Date(doc.createdAt);
  const ws = wb.addWorksheet(doc.sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = doc.columns.map((c, i) => ({ key: String(i), header: c.header, width: c.width, style: FORMATS[c.type] ? { numFmt: FORMATS[c.type] } : {} }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(doc.columns.length, 1) } };
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  for (const row of doc.rows) ws.addRow(doc.columns.map((c, i) => cell(c.type, row[i] ?? null))).commit();
  ws.commit();
  await wb.commit();
  return new Uint8Array(Buffer.concat(chunks));
}
