import { DomainError } from "../errors";
import type { QuoteStatus } from "../quote/model";
import type { Text } from "../text";

const STATUS_ZH: Record<QuoteStatus, string> = { DRAFT: "草稿", PENDING_APPROVAL: "审批中", APPROVED: "已批准", REJECTED: "已驳回", EXPIRED: "已过期", WITHDRAWN: "已撤回", ACCEPTED: "客户已接受" };

/** Only an approved revision goes to a customer: a draft or one still in approval may change. */
export class QuoteNotSendableError extends DomainError {
  constructor(readonly status: QuoteStatus) {
    super({
      zh: `报价单当前状态为“${STATUS_ZH[status]}”，审批通过后才能发送给客户`,
      en: `The quote is ${status.toLowerCase().replace("_", " ")}; only an approved quote can be sent to the customer`,
    });
    this.name = "QuoteNotSendableError";
  }
}

/**
 * A retry must repeat its request: the same key with other recipients, another text or for another
 * revision (or, for a work order, another request) is a mistake, not a retry.
 */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(
    text: Text = {
      zh: "该幂等键已用于另一封内容不同（或报价版本不同）的发送，请为新的发送使用新的幂等键",
      en: "This idempotency key was used for a different send (or another revision of the quote); use a new key for a new send",
    },
  ) {
    super(text);
    this.name = "IdempotencyKeyReusedError";
  }
}

/** The deal was won with a signed contract: its quotes no longer go to the customer. */
export class QuoteDealWonError extends DomainError {
  constructor(readonly contractNumber: string | null) {
    super({
      zh: `该商机已${contractNumber ? `凭合同 ${contractNumber} ` : ""}签约成交，其报价不能再发送给客户`,
      en: `This deal was already won${contractNumber ? ` with contract ${contractNumber}` : ""}; its quotes can no longer be sent to the customer`,
    });
    this.name = "QuoteDealWonError";
  }
}
