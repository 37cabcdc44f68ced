import ExcelJS from "exceljs";
import type { ImportJob, RowVerdict } from "../core/import/model";
import type { Sheet } from "./read-sheet";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The error report: the file's own header and rows (those refused or duplicate), as they were, then
 * the row's number in the file and what is wrong, in the importer's language. Fixed and uploaded
 * again, it imports as it is (the two extra columns are not import columns).
 */
export async function importErrorReport(job: ImportJob, sheet: Sheet, verdicts: RowVerdict[]): Promise<Buffer | null> {
  const flagged = verdicts.filter((v) => v.status !== "NEW");
  if (!flagged.length) return null;
  const en = job.locale === "en";
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(en ? "Errors" : "错误报告");
  const width = sheet.headers.length;
  const header = ws.addRow([...sheet.headers, en ? "Row" : "原行号", en ? "Problems" : "错误说明"]);
  header.font = { bold: true };
  const cellsOf = new Map(sheet.rows.map((r) => [r.row, r.cells]));
  for (const v of flagged) {
    const cells = cellsOf.get(v.row) ?? [];
    const original = Array.from({ length: width }, (_, i) => cells[i] ?? "");
    const problems = v.problems.map((p) => (en ? p.en : p.zh)).join(en ? "; " : "；");
    ws.addRow([...original, v.row, problems]);
  }
  // Credit codes and phone numbers stay text when the file is saved again.
  for (let i = 1; i <= width; i++) ws.getColumn(i).numFmt = "@";
  ws.getColumn(width + 2).width = 60;
  ws.getColumn(width + 2).font = { color: { argb: "FFC00000" } };
  return Buffer.from(await book.xlsx.writeBuffer());
}
