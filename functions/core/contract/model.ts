import type { Money } from "../money";

export const CONTRACT_STATUSES = ["DRAFT", "PENDING_APPROVAL", "APPROVED", "REJECTED", "EXPIRED", "WITHDRAWN", "SIGNED"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export interface PaymentInstallment {
  /** e.g. 预付款, 到货款, 验收款, 质保金. */
  label: string;
  percent: number;
  /** Days after signing. */
  dueAfterDays: number;
}

/** A contract made from an approved quote, approved through the contract policy, then signed. */
export interface Contract {
  id: string;
  orgId: string;
  number: string;
  quoteId: string;
  quoteRevision: number;
  opportunityId: string;
  customerId: string;
  ownerId: string;
  /** 甲方 (buyer) and 乙方 (seller) as printed on the contract. */
  buyerName: string;
  sellerName: string;
  amount: Money;
  signedOn: string | null;
  paymentPlan: PaymentInstallment[];
  /** The signed contract file: evidence on the opportunity (SIGNED_CONTRACT). */
  fileEvidenceId: string | null;
  status: ContractStatus;
  approvalRequestId: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}
