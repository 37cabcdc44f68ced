import type { Quote, QuoteDraft, QuoteLine, QuoteRevision, QuoteTotals } from "./model";

/** A line as quotes stored before the price book: a float quantity, a cost always given, no product. */
type StoredLine = Partial<QuoteLine> & { quantity?: number };

// Before, an omitted cost was stored as 0 (and read as a 100% margin): on those lines 0 means unknown.
const legacyCost = (l: StoredLine) => (l.quantityMilli === undefined && !l.costFen ? null : (l.costFen ?? null));

const line = (l: StoredLine): QuoteLine => ({
  id: l.id ?? "",
  productId: l.productId ?? null,
  productCode: l.productCode ?? null,
  product: l.product ?? "",
  spec: l.spec ?? null,
  quantityMilli: l.quantityMilli ?? Math.round((l.quantity ?? 0) * 1000),
  unit: l.unit ?? "",
  listPriceFen: l.listPriceFen ?? 0,
  unitPriceFen: l.unitPriceFen ?? 0,
  costFen: legacyCost(l),
  floorPriceFen: l.floorPriceFen ?? null,
  vatRateBp: l.vatRateBp ?? null,
});

const draft = (d: QuoteDraft): QuoteDraft => ({ ...d, lines: d.lines.map((l) => line(l as StoredLine)) });
const totals = (t: QuoteTotals): QuoteTotals => ({ ...t, linesBelowFloor: t.linesBelowFloor ?? 0 });

/**
 * Quotes and revisions as stored, in today's shape: those written before the price book keep their
 * figures (totals are never recomputed on read) and read as non-catalogue lines.
 */
export const storedQuote = (q: Quote): Quote => ({ ...q, draft: draft(q.draft), totals: totals(q.totals) });
export const storedRevision = (r: QuoteRevision): QuoteRevision => ({ ...r, draft: draft(r.draft), totals: totals(r.totals) });
