import { formatMoney, type Currency } from "../core/money";
import { CONTENT_WIDTH, MUTED, PAGE, type PageFlow } from "./flow";
import type { QuoteLabels } from "./labels";
import type { QuotePdfDocument } from "./model";
import { rmbUppercase } from "./rmb-uppercase";

const VALUE_WIDTH = 110;

/**
 * The figures under the table, kept together on one page. The subtotal is what the printed line
 * amounts add up to (net + extra discount), not the list-price total: the customer checks the sum of
 * the column above it. The total in 大写 is printed for CNY, in both languages: it is the legally
 * binding figure on a Chinese quote.
 */
export function drawTotals(flow: PageFlow, doc: QuotePdfDocument, labels: QuoteLabels): void {
  const money = (fen: number) => formatMoney({ fen, currency: doc.currency as Currency });
  const t = doc.totals;
  const rows: [string, string, number][] = [];
  if (t.extraDiscountFen > 0) {
    rows.push([labels.subtotal, money(t.netFen + t.extraDiscountFen), 9]);
    rows.push([labels.extraDiscount, money(-t.extraDiscountFen), 9]);
  }
  rows.push([labels.net, money(t.netFen), 9], [labels.vat(t.vatRatePercent), money(t.vatFen), 9], [labels.total, money(t.totalFen), 11]);
  const words = doc.currency === "CNY" ? flow.wrap(`人民币${rmbUppercase(t.totalFen)}`, 10, CONTENT_WIDTH - flow.width(labels.inWords, 10)) : [];

  flow.y -= 8;
  flow.ensure(rows.length * 16 + words.length * 15 + 4);
  for (const [label, value, size] of rows) {
    flow.text(label, PAGE.left, flow.y, size, { width: CONTENT_WIDTH - VALUE_WIDTH, align: "right", color: MUTED });
    flow.text(value, PAGE.right - VALUE_WIDTH, flow.y, size, { width: VALUE_WIDTH, align: "right" });
    flow.y -= size + 7;
  }
  words.forEach((line, i) => {
    if (i === 0) flow.text(labels.inWords, PAGE.left, flow.y, 10, { color: MUTED });
    flow.text(line, PAGE.left + flow.width(labels.inWords, 10), flow.y, 10);
    flow.y -= 15;
  });
  flow.y -= 8;
}

/** Payment and delivery terms and notes, each a paragraph that may run onto the next page. */
export function drawTerms(flow: PageFlow, doc: QuotePdfDocument, labels: QuoteLabels): void {
  for (const [label, body] of [[labels.paymentTerms, doc.paymentTerms], [labels.deliveryTerms, doc.deliveryTerms], [labels.notes, doc.notes]] as const) {
    if (body?.trim()) flow.paragraph(label, body.trim(), 9);
  }
}

/** Supplier and customer side by side: name, room for the seal, signatory and date to fill in by hand. */
export function drawSignatures(flow: PageFlow, doc: QuotePdfDocument, labels: QuoteLabels): void {
  const half = CONTENT_WIDTH / 2;
  const sides = [
    [labels.supplier, doc.letterhead.name],
    [labels.buyer, doc.customer.name],
  ].map(([label, name]) => ({ label, names: flow.wrap(name, 9, half - 16 - flow.width(label, 9)) }));
  const nameLines = Math.max(...sides.map((s) => s.names.length));
  flow.y -= 12;
  flow.ensure(nameLines * 14 + 96);
  const top = flow.y;
  sides.forEach(({ label, names }, i) => {
    const x = PAGE.left + i * half;
    let y = top;
    flow.text(label, x, y, 9, { color: MUTED });
    for (const line of names) {
      flow.text(line, x + flow.width(label, 9), y, 9);
      y -= 14;
    }
    y = top - nameLines * 14 - 48; // room for the seal
    for (const field of [labels.signatory, labels.date]) {
      flow.text(field, x, y, 9, { color: MUTED });
      const start = x + flow.width(field, 9) + 2;
      flow.rule(y - 11, MUTED, start, Math.min(start + 120, x + half - 16));
      y -= 20;
    }
  });
  flow.y = top - nameLines * 14 - 96;
}
