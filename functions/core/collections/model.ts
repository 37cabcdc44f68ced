import type { PaymentEvent } from "../contract/model";
import type { Currency } from "../money";

export const INSTALMENT_STATUSES = ["PLANNED", "INVOICED", "PARTIALLY_PAID", "PAID", "OVERDUE"] as const;
export type InstalmentStatus = (typeof INSTALMENT_STATUSES)[number];

export const INVOICE_TYPES = ["VAT_SPECIAL", "VAT_GENERAL", "VAT_SPECIAL_ELECTRONIC", "VAT_GENERAL_ELECTRONIC"] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];

/** A share of an invoice or a payment booked to one instalment, on its day (the aging report reads these as of a day). */
export interface Booking {
  on: string;
  fen: number;
  /** The invoice number or the payment reference. */
  ref: string;
}

/**
 * One line of a signed contract's payment plan: its amount to the fen and its due date, fixed at
 * signing (days after signing, or a fixed date) or when delivery / acceptance is recorded. Its id
 * is the contract's and its place in the plan (`<contractId>-<n>`): made again, it is the same item.
 */
export interface Instalment {
  id: string;
  orgId: string;
  contractId: string;
  contractNumber: string;
  opportunityId: string;
  customerId: string;
  ownerId: string;
  /** 1-based place in the plan. */
  index: number;
  label: string;
  amountFen: number;
  currency: Currency;
  /** What the due date counts from; null: a fixed date. */
  dueAfter: PaymentEvent | null;
  dueAfterDays: number | null;
  /** The due date (organization calendar); null until its event is recorded. */
  dueOn: string | null;
  signedOn: string;
  invoices: Booking[];
  payments: Booking[];
  /** When finance marked the collection request sent (催款); null before. */
  collectionRequestedAt: string | null;
}

/**
 * A signed contract's collection state: the events recorded, what has been invoiced and received.
 * Every change to the contract's instalments writes this item at its next version, so two payments
 * (or a payment and a plan change) on one contract at once never both go through on the same reading.
 */
export interface Ledger {
  contractId: string;
  orgId: string;
  signedOn: string;
  deliveredOn: string | null;
  acceptedOn: string | null;
  invoicedFen: number;
  receivedFen: number;
  version: number;
}

/** An invoice issued against a contract (发票), unique by number in the organization. */
export interface Invoice {
  orgId: string;
  contractId: string;
  instalmentId: string | null;
  number: string;
  amountFen: number;
  currency: Currency;
  issuedOn: string;
  type: InvoiceType;
  recordedBy: string;
  recordedAt: string;
}

/** A payment received (回款), recorded once per bank reference in the organization. */
export interface Payment {
  orgId: string;
  contractId: string;
  /** The instalment named when recording it; null: allocated oldest due first. */
  instalmentId: string | null;
  reference: string;
  amountFen: number;
  currency: Currency;
  receivedOn: string;
  /** Where it went: instalment id → fen. */
  allocations: { instalmentId: string; fen: number }[];
  recordedBy: string;
  recordedAt: string;
}

export const sum = (bookings: Booking[], upTo?: string) => bookings.reduce((s, b) => s + (upTo === undefined || b.on <= upTo ? b.fen : 0), 0);
export const receivedOf = (i: Instalment, asOf?: string) => sum(i.payments, asOf);
export const invoicedOf = (i: Instalment, asOf?: string) => sum(i.invoices, asOf);
export const outstandingOf = (i: Instalment, asOf?: string) => Math.max(0, i.amountFen - receivedOf(i, asOf));
export const isPaid = (i: Instalment) => receivedOf(i) >= i.amountFen;

/**
 * The status on a day: PAID when received in full; OVERDUE when its due date has passed unpaid
 * (whatever was invoiced or part-paid: what matters to finance is that money is late); else
 * PARTIALLY_PAID, INVOICED or PLANNED. Every view and reminder derives it the same way.
 */
export function statusOn(i: Instalment, today: string): InstalmentStatus {
  if (receivedOf(i) >= i.amountFen) return "PAID";
  if (i.dueOn && i.dueOn < today) return "OVERDUE";
  if (receivedOf(i) > 0) return "PARTIALLY_PAID";
  if (invoicedOf(i) > 0) return "INVOICED";
  return "PLANNED";
}

/**
 * Oldest due first; instalments whose event has not happened come last, in plan order. Compared as
 * plain strings: a locale's collation puts punctuation before digits, so an undated line would lead.
 */
export const byDueDate = (a: Instalment, b: Instalment) => {
  if (a.dueOn === b.dueOn) return a.index - b.index;
  if (a.dueOn == null || b.dueOn == null) return a.dueOn == null ? 1 : -1;
  return a.dueOn < b.dueOn ? -1 : 1;
};

export const instalmentId = (contractId: string, index: number) => `${contractId}-${index}`;
export const contractIdOf = (instalmentId: string) => instalmentId.replace(/-\d+$/, "");
