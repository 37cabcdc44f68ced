import { DomainError } from "../errors";

export class AlreadyDecidedError extends DomainError {
  constructor(readonly decidedByName: string, readonly decidedAt: string, readonly approved: boolean) {
    super({
      zh: `该审批已由${decidedByName}于${decidedAt}${approved ? "批准" : "驳回"}`,
      en: `${decidedByName} already ${approved ? "approved" : "rejected"} this at ${decidedAt}`,
    });
    this.name = "AlreadyDecidedError";
  }
}

export class ApprovalEscalatedError extends DomainError {
  constructor(readonly escalatedToNames: string[]) {
    super({
      zh: `该审批已超时升级至${escalatedToNames.join("、")},请使用最新邮件中的链接`,
      en: `This step went past its deadline and was escalated to ${escalatedToNames.join(", ")}; use the link in the latest email`,
    });
    this.name = "ApprovalEscalatedError";
  }
}

export class ApprovalClosedError extends DomainError {
  constructor() {
    super({ zh: "该审批已结束(已撤回或已过期)", en: "This approval is closed (withdrawn or expired)" });
    this.name = "ApprovalClosedError";
  }
}
