import type { Money } from "../money";

export const CONTRACT_STATUSES = ["DRAFT", "PENDING_APPROVAL", "APPROVED", "REJECTED", "EXPIRED", "WITHDRAWN", "SIGNED"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** A contract a new one may not be made beside: it can still be edited, approved or signed. */
export const CLOSED_CONTRACT_STATUSES: ContractStatus[] = ["REJECTED", "EXPIRED", "WITHDRAWN"];

/** Each instalment is a share (percent) or an amount; one plan uses one kind. */
export interface PaymentInstallment {
  /** e.g. 预付款, 到货款, 验收款, 质保金. */
  label: string;
  /** Whole percent of the contract amount; null in an amount plan. */
  percent: number | null;
  /** Fen incl. VAT; null (or absent, in contracts made before amounts) in a percent plan. */
  amountFen?: number | null;
  /** Days after `dueAfter` (absent: signing); null when the instalment is due on a fixed date. */
  dueAfterDays: number | null;
  /** The event the days count from; absent on plans made before events: SIGNING. */
  dueAfter?: PaymentEvent | null;
  /** A fixed due date (organization calendar) instead of days after an event. */
  dueOn?: string | null;
}

/** What an instalment's due date can count from: fixed once the event is recorded. */
export const PAYMENT_EVENTS = ["SIGNING", "DELIVERY", "ACCEPTANCE"] as const;
export type PaymentEvent = (typeof PAYMENT_EVENTS)[number];

/** A contract made from an approved quote, approved through the contract policy, then signed. */
export interface Contract {
  id: string;
  orgId: string;
  number: string;
  quoteId: string;
  /** The approved quote revision the contract is made from: its figures go to the approvers. */
  quoteRevision: number;
  /** 1 at creation; editing or resubmitting after a rejection, expiry or withdrawal starts the next. */
  revision?: number;
  opportunityId: string;
  customerId: string;
  ownerId: string;
  /** 甲方 (buyer) and 乙方 (seller) as printed on the contract. */
  buyerName: string;
  sellerName: string;
  /** Incl. VAT (含税): the approved revision's total unless negotiated otherwise. */
  amount: Money;
  signedOn: string | null;
  paymentPlan: PaymentInstallment[];
  /** The contract text legal reviews: evidence on the opportunity (CONTRACT_DRAFT). */
  draftFileEvidenceId?: string | null;
  /** The signed contract file: evidence on the opportunity (SIGNED_CONTRACT). */
  fileEvidenceId: string | null;
  status: ContractStatus;
  approvalRequestId: string | null;
  /** Every approval request of the contract, oldest first (its history, read in one BatchGetItem); absent on contracts not submitted since it was added: read by query. */
  approvalRequestIds?: string[];
  /** When the current revision's approval finished with APPROVED (or it needed none). */
  approvedAt?: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}

export const revisionOf = (c: Contract) => c.revision ?? 1;
