/** Where a customer's answer came from: the request as the HTTP API saw it. */
export interface ResponseClient {
  ip: string | null;
  userAgent: string | null;
}

/** The customer accepting a revision through a send's link: one per revision, never changed. */
export interface QuoteAcceptance extends ResponseClient {
  orgId: string;
  quoteId: string;
  revision: number;
  /** The send whose link was used. */
  sendId: string;
  name: string;
  title: string;
  comment: string | null;
  acceptedAt: string;
}

/** The customer asking for changes to a revision; several may come, each kept. */
export interface QuoteChangeRequest extends ResponseClient {
  /** From the send and the comment: the same comment posted twice through one link is one request. */
  id: string;
  orgId: string;
  quoteId: string;
  revision: number;
  sendId: string;
  comment: string;
  requestedAt: string;
}

/** Why a revision can no longer be accepted. */
/** WON: the deal was won with a signed contract; its quotes are settled by it. */
export const CLOSED_REASONS = ["EXPIRED", "SUPERSEDED", "WITHDRAWN", "LOST", "WON"] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];
