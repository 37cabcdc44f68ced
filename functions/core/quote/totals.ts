import type { QuoteDraft, QuoteLine, QuoteTotals } from "./model";

/** Line amount in fen: quantity has up to three decimals, kept exact by working in thousandths. */
const lineFen = (priceFen: number, quantity: number) => Math.round((priceFen * Math.round(quantity * 1000)) / 1000);

/** Percent with two decimals, e.g. 12.35. */
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0);

export const lineTotals = (l: QuoteLine) => ({
  listFen: lineFen(l.listPriceFen, l.quantity),
  netFen: lineFen(l.unitPriceFen, l.quantity),
  costFen: lineFen(l.costFen, l.quantity),
});

/** Every figure of a quote, from its lines: the client never sends totals. */
export function computeTotals(d: QuoteDraft): QuoteTotals {
  const sums = d.lines.map(lineTotals).reduce((a, b) => ({ listFen: a.listFen + b.listFen, netFen: a.netFen + b.netFen, costFen: a.costFen + b.costFen }), {
    listFen: 0,
    netFen: 0,
    costFen: 0,
  });
  const netFen = sums.netFen - d.extraDiscountFen;
  const vatFen = Math.round((netFen * d.vatRateBp) / 10_000);
  return {
    listFen: sums.listFen,
    netFen,
    vatFen,
    totalFen: netFen + vatFen,
    costFen: sums.costFen,
    discountPercent: percent(sums.listFen - netFen, sums.listFen),
    marginPercent: percent(netFen - sums.costFen, netFen),
  };
}
