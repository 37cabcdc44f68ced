import type { Money } from "../money";

export interface QuoteLine {
  id: string;
  /**
   * The price book product, or null for a non-catalogue line (a non-standard design). A catalogue
   * line's name, spec, unit, list price, cost, floor and VAT rate are the product's, copied again
   * when the revision is submitted, so a frozen revision keeps the prices of its day.
   */
  productId: string | null;
  productCode: string | null;
  product: string;
  spec: string | null;
  /** Thousandths of a unit (1.005 台 = 1005): quantities have up to three decimals, kept exact. */
  quantityMilli: number;
  unit: string;
  /** Per unit, before VAT, in fen. */
  listPriceFen: number;
  unitPriceFen: number;
  /** Per unit, in fen; null until known (a non-catalogue line is costed by TECH or FINANCE, never the rep). */
  costFen: number | null;
  /** 最低限价 per unit, from the price book; null on non-catalogue lines. */
  floorPriceFen: number | null;
  /** The product's VAT rate in basis points; null: the quote's rate (non-catalogue lines). */
  vatRateBp: number | null;
}

/** What the rep edits; the server computes every total from it. */
export interface QuoteDraft {
  lines: QuoteLine[];
  /** 整单优惠: a further discount on the whole quote, before VAT. */
  extraDiscountFen: number;
  /** VAT in basis points (1300 = 13%) of lines without a rate of their own (non-catalogue lines). */
  vatRateBp: number;
  paymentTerms: string | null;
  /** Absent on drafts written before delivery terms existed. */
  deliveryTerms?: string | null;
  validUntil: string | null;
  notes: string | null;
  /** Shown to approvers: what could go wrong with this deal. */
  riskNote: string | null;
}

export interface QuoteTotals {
  listFen: number;
  /** After line prices and the extra discount, before VAT. */
  netFen: number;
  /** The sum of each line's VAT, each rounded half up to the fen, as on the VAT invoice. */
  vatFen: number;
  /** What the customer pays: net + VAT, the invoice total. */
  totalFen: number;
  /** null while any line's cost is unknown. */
  costFen: number | null;
  /** (list − net) ÷ list, percent with two decimals. */
  discountPercent: number;
  /** (net − cost) ÷ net, percent with two decimals; null while the cost is unknown. */
  marginPercent: number | null;
  /** Lines priced below their floor price (after their share of the extra discount). */
  linesBelowFloor: number;
}

/**
 * ACCEPTED: the customer accepted the current (approved) revision online; it stays sendable and contractable.
 * WITHDRAWN: the revision was taken out of approval, or (approved or accepted) taken back from the customer.
 */
export const QUOTE_STATUSES = ["DRAFT", "PENDING_APPROVAL", "APPROVED", "REJECTED", "EXPIRED", "WITHDRAWN", "ACCEPTED"] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** An approved revision stands (accepted by the customer or not): it may be sent, and contracts are made from it. */
export const isApproved = (status: QuoteStatus) => status === "APPROVED" || status === "ACCEPTED";

/** The current state of a quote: its draft (or the frozen copy of its latest submission). */
export interface Quote {
  id: string;
  orgId: string;
  number: string;
  opportunityId: string;
  customerId: string;
  ownerId: string;
  currency: Money["currency"];
  /** The revision being edited or last submitted. Revisions before it are frozen. */
  revision: number;
  status: QuoteStatus;
  draft: QuoteDraft;
  totals: QuoteTotals;
  /** The approval of the current revision, when one was started. */
  approvalRequestId: string | null;
  /** The contract made from it that last took it (see takeQuoteSlot): one live contract per quote. */
  contractId?: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}

/** A submitted revision, immutable. */
export interface QuoteRevision {
  quoteId: string;
  revision: number;
  draft: QuoteDraft;
  totals: QuoteTotals;
  submittedAt: string;
  submittedBy: string;
  approvalRequestId: string | null;
  /** How its approval ended (APPROVED, REJECTED…); PENDING_APPROVAL while open. */
  outcome: QuoteStatus;
}
