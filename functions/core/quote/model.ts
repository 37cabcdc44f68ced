import type { Money } from "../money";

export interface QuoteLine {
  id: string;
  product: string;
  spec: string | null;
  /** Up to three decimals (metres of pipe, sets of valves). */
  quantity: number;
  unit: string;
  /** Per unit, before VAT, in fen. */
  listPriceFen: number;
  unitPriceFen: number;
  costFen: number;
}

/** What the rep edits; the server computes every total from it. */
export interface QuoteDraft {
  lines: QuoteLine[];
  /** 整单优惠: a further discount on the whole quote, before VAT. */
  extraDiscountFen: number;
  /** VAT in basis points: 1300 = 13%. */
  vatRateBp: number;
  paymentTerms: string | null;
  validUntil: string | null;
  notes: string | null;
  /** Shown to approvers: what could go wrong with this deal. */
  riskNote: string | null;
}

export interface QuoteTotals {
  listFen: number;
  /** After line prices and the extra discount, before VAT. */
  netFen: number;
  vatFen: number;
  /** What the customer pays. */
  totalFen: number;
  costFen: number;
  /** (list − net) ÷ list, percent with two decimals. */
  discountPercent: number;
  /** (net − cost) ÷ net, percent with two decimals. */
  marginPercent: number;
}

export const QUOTE_STATUSES = ["DRAFT", "PENDING_APPROVAL", "APPROVED", "REJECTED", "EXPIRED", "WITHDRAWN"] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

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
