import { columnsOf, matchHeaders } from "./columns";
import type { ImportKind, SheetRow } from "./model";

/** How far down a header may sit: a title line or two, a group row over the real headers. */
const HEADER_SEARCH_ROWS = 5;

export interface LocatedSheet {
  headers: string[];
  /** The sheet row the headers were read from (1 when the file starts with them). */
  headerRow: number;
  rows: SheetRow[];
  /** Headers the importer does not know (their data is not imported), as the file writes them. */
  ignoredColumns: string[];
}

/**
 * The header row among the first few: the one naming the most known columns, ties to the earliest, so
 * a title line above it ("2026年华东区客户清单") is passed over and, under a two-row header, the row of
 * sub-headers (联系人, 联系人电话 under a merged 联系人信息) is the one read. Rows above it are titles;
 * a row just below it that repeats the required headers (a merged cell read twice) is not data.
 */
export function locateHeader(kind: ImportKind, sheet: { headers: string[]; rows: SheetRow[] }): LocatedSheet {
  const table: SheetRow[] = [{ row: 1, cells: sheet.headers }, ...sheet.rows];
  const required = columnsOf(kind).filter((c) => c.required);
  const top = table.filter((r) => r.row <= HEADER_SEARCH_ROWS);
  const scored = top.map((r) => {
    const found = matchHeaders(kind, r.cells);
    return { r, known: found.size, complete: required.every((c) => found.has(c.field)) };
  });
  const best = scored.reduce((a, b) => (b.known > a.known ? b : a), scored[0]);
  const header = best && best.known > 0 ? best.r : table[0];
  const isHeaderLike = (r: SheetRow) => r.row < HEADER_SEARCH_ROWS + 1 && scored.some((s) => s.r === r && s.complete);
  const rows = table.filter((r) => r.row > header.row && !isHeaderLike(r));
  const known = matchHeaders(kind, header.cells);
  const used = new Set(known.values());
  const ignoredColumns = header.cells.flatMap((h, i) => (h?.trim() && !used.has(i) ? [h.trim()] : []));
  return { headers: header.cells, headerRow: header.row, rows, ignoredColumns };
}
