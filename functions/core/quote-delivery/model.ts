import type { Locale } from "../text";

/** What became of an email: SENDING until SES took it; the later states come from SES events. */
export const QUOTE_SEND_STATUSES = ["SENDING", "SENT", "DELIVERED", "BOUNCED", "COMPLAINED"] as const;
export type QuoteSendStatus = (typeof QUOTE_SEND_STATUSES)[number];

/**
 * One sending of a quote's approved revision to a customer: the PDF it carried is archived under
 * `pdfKey` and its SHA-256 kept here, so what the customer received can be produced and proven later.
 */
export interface QuoteSend {
  /** Derived from (quote, idempotency key): a retried request finds the send it already made. */
  id: string;
  orgId: string;
  quoteId: string;
  revision: number;
  idempotencyKey: string;
  to: string[];
  cc: string[];
  message: string | null;
  sentBy: string;
  /** When the send was requested (the record was written); `deliveredToSesAt` once SES accepted it. */
  sentAt: string;
  pdfSha256: string;
  pdfKey: string;
  pdfFileName: string;
  messageId: string | null;
  status: QuoteSendStatus;
  /** While SENDING: when a sender took it, so one left by a crashed sender can be taken over. */
  claimedAt: string | null;
  deliveredToSesAt: string | null;
  /** SHA-256 of the view link the email carries (minted when it is sent; the table holds no usable link). */
  viewHash?: string | null;
  /** Human visits through the link (read tracking: confirmed by the page's script), and when the latest began; `firstViewedAt` as `firstHumanViewAt`. */
  views?: number;
  firstViewedAt?: string;
  lastViewedAt?: string;
  /** From SES's bounce event: "Permanent" (the address does not exist), "Transient" or "Undetermined". */
  bounceType?: string | null;
  /** The addresses that bounced or complained (SES's event lists them). */
  bouncedRecipients?: string[];
  /** When SES reported the delivery, bounce or complaint that set `status`. */
  eventAt?: string | null;
  /** The language of the email, PDF and view page: the addressed contact's (Chinese unless they chose English). */
  locale?: Locale;
  /** The customer's first human visit through this send's link (machine and internal views never set it). */
  firstHumanViewAt?: string | null;
  /** The customer's first acceptance or change request through this send's link. */
  respondedAt?: string | null;
  /** When the customer accepted the revision through this send's link. */
  acceptedAt?: string | null;
  /** When its owner was reminded that the customer had not answered (once per send). */
  followUpRemindedAt?: string | null;
}
