import { formatMoney, type Currency } from "../core/money";
import { CONTENT_WIDTH, PAGE, type PageFlow, RULE, SHADE } from "./flow";
import type { QuoteLabels } from "./labels";
import type { QuotePdfDocument } from "./model";

const SIZE = 8;
const LINE = SIZE * 1.35;
const PAD = 3;

type Key = keyof QuoteLabels["columns"];
interface Column {
  key: Key;
  width: number;
  align: "left" | "right" | "center";
}

// Product name takes what the others leave: 139 pt, about 17 Chinese characters a line.
const FIXED: Column[] = [
  { key: "no", width: 22, align: "center" },
  { key: "code", width: 64, align: "left" },
  { key: "name", width: 0, align: "left" },
  { key: "spec", width: 84, align: "left" },
  { key: "unit", width: 28, align: "center" },
  { key: "quantity", width: 42, align: "right" },
  { key: "unitPrice", width: 64, align: "right" },
  { key: "amount", width: 72, align: "right" },
];
const COLUMNS = FIXED.map((c) => (c.key === "name" ? { ...c, width: CONTENT_WIDTH - FIXED.reduce((s, x) => s + x.width, 0) } : c));
const X = COLUMNS.map((_, i) => PAGE.left + COLUMNS.slice(0, i).reduce((s, c) => s + c.width, 0));

/** Where each column's cells are, in points from the page's left edge (tests check text stays inside). */
export const TABLE_COLUMNS = COLUMNS.map((c, i) => ({ key: c.key, left: X[i], right: X[i] + c.width }));

/**
 * The quote's lines as a ruled table. Every cell's text wraps inside its column (measured widths),
 * a row is as tall as its tallest cell, and every page the table reaches starts with the header row.
 * A row taller than a whole page (only an absurdly long name or spec) continues on the next page.
 */
export function drawLinesTable(flow: PageFlow, doc: QuotePdfDocument, labels: QuoteLabels, runningHeader: (flow: PageFlow) => void): void {
  let segmentTop = 0;
  let rowsOnPage = 0;
  const header = () => {
    const cells = COLUMNS.map((c) => flow.wrap(labels.columns[c.key], SIZE, c.width - 2 * PAD));
    const height = Math.max(...cells.map((l) => l.length)) * LINE + 2 * PAD;
    flow.page.fillRect(PAGE.left, flow.y - height, CONTENT_WIDTH, height, SHADE);
    segmentTop = flow.y;
    flow.rule(flow.y);
    drawCells(flow, cells, 0, Infinity, "center");
    flow.y -= height;
    flow.rule(flow.y);
    rowsOnPage = 0;
  };
  // Vertical rules for the part of the table on this page, drawn once the part is complete.
  const closeSegment = () => {
    for (const x of [...X, PAGE.right]) flow.page.line(x, segmentTop, x, flow.y, 0.5, RULE);
  };
  const nextPage = () => {
    closeSegment();
    flow.newPage();
  };

  flow.onNewPage = (f) => {
    runningHeader(f);
    header();
  };
  // Header and a first row together, or both on the next page (whose hook draws the header).
  if (!flow.ensure(4 * LINE + 4 * PAD)) header();
  const money = (fen: number) => formatMoney({ fen, currency: doc.currency as Currency });
  doc.lines.forEach((line, i) => {
    const values: Record<Key, string> = {
      no: String(i + 1),
      code: line.code ?? "",
      name: line.name,
      spec: line.spec ?? "",
      unit: line.unit,
      quantity: line.quantity,
      unitPrice: money(line.unitPriceFen),
      amount: money(line.amountFen),
    };
    const cells = COLUMNS.map((c) => flow.wrap(values[c.key], SIZE, c.width - 2 * PAD));
    const count = Math.max(...cells.map((l) => l.length));
    for (let from = 0; from < count; ) {
      const fit = Math.floor((flow.y - PAGE.bottom - 2 * PAD) / LINE);
      if (fit < count - from && rowsOnPage > 0) {
        nextPage();
        continue;
      }
      const take = Math.min(count - from, Math.max(fit, 1));
      drawCells(flow, cells, from, from + take);
      flow.y -= take * LINE + 2 * PAD;
      flow.rule(flow.y);
      rowsOnPage++;
      from += take;
      if (from < count) nextPage();
    }
  });
  closeSegment();
  flow.onNewPage = runningHeader;
}

function drawCells(flow: PageFlow, cells: string[][], from: number, to: number, align?: Column["align"]): void {
  COLUMNS.forEach((c, i) => {
    cells[i].slice(from, to).forEach((text, j) => {
      flow.text(text, X[i] + PAD, flow.y - PAD - j * LINE, SIZE, { width: c.width - 2 * PAD, align: align ?? c.align });
    });
  });
}
