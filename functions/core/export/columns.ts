import type { Locale } from "../text";
import type { ColumnType, SheetColumn } from "./sheet";

/** One column of an export: its header in both languages, its type, and how a row gives its value. */
export interface Column<R> {
  zh: string;
  en: string;
  type: ColumnType;
  width: number;
  value: (row: R) => string | number | null;
}

export const column = <R>(zh: string, en: string, type: ColumnType, width: number, value: (row: R) => string | number | null): Column<R> => ({ zh, en, type, width, value });

export const headersOf = <R>(columns: Column<R>[], locale: Locale): SheetColumn[] =>
  columns.map((c) => ({ header: locale === "en" ? c.en : c.zh, type: c.type, width: c.width }));

export const rowsOf = <R>(columns: Column<R>[], rows: R[]) => rows.map((r) => columns.map((c) => c.value(r)));
