import { DomainError } from "../errors";
import type { Text } from "../text";
import type { ContractStatus } from "./model";

export class QuoteNotApprovedError extends DomainError {
  constructor() {
    super({ zh: "只能根据已批准的报价创建合同", en: "A contract can only be made from an approved quote" });
    this.name = "QuoteNotApprovedError";
  }
}

export class ContractNotApprovedError extends DomainError {
  constructor() {
    super({ zh: "合同审批通过后才能登记签订", en: "The contract must be approved before it is signed" });
    this.name = "ContractNotApprovedError";
  }
}

/** One live contract per quote: a second one would be approved and signed beside the first. */
export class OpenContractExistsError extends DomainError {
  /** `text`: what the refused action should do instead (the default is for a new contract). */
  constructor(readonly contractId: string, readonly number: string, readonly status: ContractStatus, text?: Text) {
    super(text ?? {
      zh: `该报价已有合同 ${number}（${STATUS_LABELS[status].zh}），请修改或撤回该合同，而不是新建`,
      en: `This quote already has contract ${number} (${STATUS_LABELS[status].en}); edit or withdraw it instead`,
    });
    this.name = "OpenContractExistsError";
  }
}

export const STATUS_LABELS: Record<ContractStatus, { zh: string; en: string }> = {
  DRAFT: { zh: "草稿", en: "draft" },
  PENDING_APPROVAL: { zh: "审批中", en: "pending approval" },
  APPROVED: { zh: "已批准", en: "approved" },
  REJECTED: { zh: "已驳回", en: "rejected" },
  EXPIRED: { zh: "审批超时", en: "expired" },
  WITHDRAWN: { zh: "已撤回", en: "withdrawn" },
  SIGNED: { zh: "已签订", en: "signed" },
};

const ACTIONS = {
  SUBMIT: { zh: "提交审批", en: "be submitted" },
  UPDATE: { zh: "修改", en: "be edited" },
  WITHDRAW: { zh: "撤回", en: "be withdrawn" },
};

/** What was asked cannot happen in the contract's current state. */
export class ContractStatusError extends DomainError {
  constructor(readonly status: ContractStatus, action: keyof typeof ACTIONS) {
    super({
      zh: `合同当前状态为“${STATUS_LABELS[status].zh}”，不能${ACTIONS[action].zh}`,
      en: `The contract is ${STATUS_LABELS[status].en} and cannot ${ACTIONS[action].en}`,
    });
    this.name = "ContractStatusError";
  }
}

/** A deal is won by one contract: a second one signed on it would not count anywhere. */
export class DealAlreadyWonError extends DomainError {
  constructor(readonly number: string) {
    super({
      zh: `该商机已凭合同 ${number} 签订成交，不能再签订另一份合同`,
      en: `This deal was already won with contract ${number}; another contract cannot be signed on it`,
    });
    this.name = "DealAlreadyWonError";
  }
}
