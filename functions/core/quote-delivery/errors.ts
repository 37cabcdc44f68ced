import { DomainError } from "../errors";
import type { QuoteStatus } from "../quote/model";

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

/** Shared by every idempotent mutation (core/idempotency); re-exported for the quote's own send. */
export { IdempotencyKeyReusedError } from "../idempotency/errors";

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
