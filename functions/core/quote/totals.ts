import type { QuoteDraft, QuoteLine, QuoteTotals } from "./model";

/*
 * Quote arithmetic, in integers only (BigInt where products of fen and thousandths could pass 2^53):
 * 1. A line's amount is unit price × quantity, rounded half up to the fen.
 * 2. The extra discount (整单优惠) is allocated to the lines in proportion to their amounts, each
 *    share rounded down, the fen left over going one each to the lines with the largest remainders
 *    (the earlier line on a tie), so the shares add up to the discount exactly.
 * 3. A line's VAT is (amount − its share) × its rate, rounded half up to the fen; the quote's VAT is
 *    the sum of the lines' VAT, as on a Chinese VAT invoice, so the quote total is the invoice total.
 */

/** a × b ÷ c, rounded half up (all non-negative). */
const mulDivHalfUp = (a: number, b: number, c: number) => Number((BigInt(a) * BigInt(b) * 2n + BigInt(c)) / (BigInt(c) * 2n));

/** Price per unit × quantity in thousandths, half up to the fen. */
export const amountFen = (priceFen: number, quantityMilli: number) => mulDivHalfUp(priceFen, quantityMilli, 1000);

/** Percent with two decimals, e.g. 12.35. */
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0);

/** `total` split in proportion to `weights`, summing to `total` exactly (largest remainders). */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => BigInt(total) * BigInt(w));
  const shares = exact.map((e) => Number(e / BigInt(sum)));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rem: e % BigInt(sum) })).sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (left-- <= 0) break;
    shares[i] += 1;
  }
  return shares;
}

export interface LineFigures {
  listFen: number;
  /** unit price × quantity, before the extra discount. */
  amountFen: number;
  /** This line's share of the extra discount. */
  discountShareFen: number;
  /** amount − share: what VAT is charged on. */
  netFen: number;
  vatRateBp: number;
  vatFen: number;
  costFen: number | null;
  /** Its unit price after its share of the extra discount is below the floor price. */
  belowFloor: boolean;
}

/** Every line's figures; the lines' shares of the extra discount depend on all of them. */
export function lineFigures(d: QuoteDraft): LineFigures[] {
  const amounts = d.lines.map((l) => amountFen(l.unitPriceFen, l.quantityMilli));
  const shares = allocate(d.extraDiscountFen, amounts);
  return d.lines.map((l: QuoteLine, i) => {
    const netFen = amounts[i] - shares[i];
    const vatRateBp = l.vatRateBp ?? d.vatRateBp;
    // Exact: unit price × quantity − share, against floor × quantity, both in thousandths of a fen.
    const belowFloor = l.floorPriceFen !== null && BigInt(l.unitPriceFen) * BigInt(l.quantityMilli) - BigInt(shares[i]) * 1000n < BigInt(l.floorPriceFen) * BigInt(l.quantityMilli);
    return {
      listFen: amountFen(l.listPriceFen, l.quantityMilli),
      amountFen: amounts[i],
      discountShareFen: shares[i],
      netFen,
      vatRateBp,
      vatFen: mulDivHalfUp(netFen, vatRateBp, 10_000),
      costFen: l.costFen === null ? null : amountFen(l.costFen, l.quantityMilli),
      belowFloor,
    };
  });
}

/** Every figure of a quote, from its lines: the client never sends totals. */
export function computeTotals(d: QuoteDraft): QuoteTotals {
  const lines = lineFigures(d);
  const sum = (f: (l: LineFigures) => number) => lines.reduce((s, l) => s + f(l), 0);
  const listFen = sum((l) => l.listFen);
  const netFen = sum((l) => l.netFen);
  const vatFen = sum((l) => l.vatFen);
  const costFen = lines.some((l) => l.costFen === null) ? null : sum((l) => l.costFen as number);
  return {
    listFen,
    netFen,
    vatFen,
    totalFen: netFen + vatFen,
    costFen,
    discountPercent: percent(listFen - netFen, listFen),
    marginPercent: costFen === null ? null : percent(netFen - costFen, netFen),
    linesBelowFloor: lines.filter((l) => l.belowFloor).length,
  };
}
