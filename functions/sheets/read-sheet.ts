import ExcelJS from "exceljs";
import { ImportFileError } from "../core/import/errors";
import type { SheetRow } from "../core/import/model";

export interface Sheet {
  headers: string[];
  /** Data rows, numbered as the sheet numbers them (the header is row 1). */
  rows: SheetRow[];
}

const UNREADABLE = { zh: "文件无法读取：请上传 .xlsx 或 .csv（UTF-8 或 GBK 编码）", en: "The file cannot be read: upload an .xlsx or a .csv (UTF-8 or GBK)" };

/** The first worksheet of an .xlsx, or a .csv in UTF-8 or GBK (what Chinese Excel saves), as text cells. */
export async function readSheet(bytes: Buffer, fileName: string): Promise<Sheet> {
  const table = /\.csv$/i.test(fileName) ? parseCsv(decodeText(bytes)) : await readXlsx(bytes);
  const [headers = [], ...rest] = table;
  if (!headers.some((h) => h.trim())) throw new ImportFileError({ zh: "文件第一行应为表头", en: "The first row must hold the column headers" });
  return { headers, rows: rest.map((cells, i) => ({ row: i + 2, cells })) };
}

/**
 * UTF-8 when it says so (a BOM) or when the bytes are valid UTF-8; otherwise GBK, as Excel on a
 * Chinese Windows saves "CSV (逗号分隔)". GBK text is almost never valid UTF-8, so the guess holds.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gbk").decode(bytes);
  }
}

/** RFC 4180: fields in double quotes may hold commas, line breaks and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError(UNREADABLE);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new ImportFileError(UNREADABLE);
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = cellText(cell.value)));
    out[n - 1] = Array.from(cells, (c) => c ?? "");
  });
  return Array.from(out, (r) => r ?? []);
}

/** A cell as the text a person sees: numbers without exponents, days as YYYY-MM-DD, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((t) => t.text).join("");
    if ("formula" in value || "sharedFormula" in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    if ("error" in value) return "";
  }
  return String(value);
}
