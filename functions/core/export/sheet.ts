/**
 * A workbook to write, as plain data: it crosses from the GraphQL Lambda to the sheets worker (which
 * alone loads exceljs) as JSON, so every value is a string, a number or null, and each column says
 * how the worker turns its values into cells.
 */
export type ColumnType =
  /** Text as it is. */
  | "text"
  /** Integer fen, written as yuan (a number) with two decimals and thousands separators. */
  | "money"
  /** A whole number (probability in percent, counts). */
  | "integer"
  /** A percent with two decimals (margin), written as a fraction with a percent format. */
  | "percent"
  /** "YYYY-MM-DD": an Excel date. */
  | "date"
  /** "YYYY-MM-DD HH:mm", already in the organization's time zone: an Excel date and time. */
  | "dateTime";

export interface SheetColumn {
  header: string;
  type: ColumnType;
  /** Characters, for the column's width. */
  width: number;
}

export interface SheetDocument {
  /** The worksheet's tab name. */
  sheetName: string;
  columns: SheetColumn[];
  /** One array per row, values in column order. */
  rows: (string | number | null)[][];
  /** Workbook properties: who made it, when (ISO). */
  creator: string;
  createdAt: string;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
