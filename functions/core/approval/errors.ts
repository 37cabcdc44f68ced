import { DomainError } from "../errors";
import { formatLocalTime } from "../format";

export class AlreadyDecidedError extends DomainError {
  /** `decidedAt`: the instant (ISO-8601 UTC), shown in the message at the organization's local time. */
  constructor(readonly decidedByName: string, readonly decidedAt: string, readonly approved: boolean, timeZone: string) {
    const at = formatLocalTime(decidedAt, timeZone);
    super({
      zh: `该审批已由${decidedByName}于${at}${approved ? "批准" : "驳回"}`,
      en: `${decidedByName} already ${approved ? "approved" : "rejected"} this at ${at}`,
    });
    this.name = "AlreadyDecidedError";
  }
}

export class ApprovalEscalatedError extends DomainError {
  constructor(readonly escalatedToNames: string[]) {
    super({
      zh: `该审批已超时升级至${escalatedToNames.join("、")}，请使用最新邮件中的链接`,
      en: `This step went past its deadline and was escalated to ${escalatedToNames.join(", ")}; use the link in the latest email`,
    });
    this.name = "ApprovalEscalatedError";
  }
}

export class ApprovalClosedError extends DomainError {
  constructor() {
    super({ zh: "该审批已结束（已撤回或已过期）", en: "This approval is closed (withdrawn or expired)" });
    this.name = "ApprovalClosedError";
  }
}

/** The approver was deactivated, or no longer holds the role or place in the chain the level asks for. */
export class ApproverNotEligibleError extends DomainError {
  constructor() {
    super({
      zh: "您已不再是该审批的审批人（账号已停用或职责已变更），无法处理此审批",
      en: "You can no longer decide this approval (your account was deactivated or your role changed)",
    });
    this.name = "ApproverNotEligibleError";
  }
}

const FINISHED_WORDS = {
  APPROVED: { zh: "已批准", en: "approved" },
  REJECTED: { zh: "已驳回", en: "rejected" },
  EXPIRED: { zh: "已过期", en: "expired" },
} as const;

/** A withdrawal that came after the approval ended: the first write won; it stands and nothing was withdrawn. */
export class ApprovalAlreadyFinishedError extends DomainError {
  /** `finishedAt`: the instant (ISO-8601 UTC), shown in the message at the organization's local time. */
  constructor(readonly outcome: keyof typeof FINISHED_WORDS, readonly finishedAt: string, timeZone: string) {
    const at = formatLocalTime(finishedAt, timeZone);
    super({
      zh: `该审批已于${at}结束：${FINISHED_WORDS[outcome].zh}，无法撤回`,
      en: `This approval already ended at ${at}: ${FINISHED_WORDS[outcome].en}; it can no longer be withdrawn`,
    });
    this.name = "ApprovalAlreadyFinishedError";
  }
}
