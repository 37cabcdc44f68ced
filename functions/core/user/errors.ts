import { DomainError } from "../errors";

/** Deactivating someone who still holds customers would orphan them: hand them over first. */
export class UserHasCustomersError extends DomainError {
  constructor(readonly customerCount: number) {
    super({
      zh: `该用户仍负责${customerCount}个客户，请先用 reassignCustomers 移交后再停用`,
      en: `This user still holds ${customerCount} customers; hand them over with reassignCustomers before deactivating`,
    });
    this.name = "UserHasCustomersError";
  }
}

/**
 * Deactivating someone who still holds open work orders would leave them with nobody to act (and
 * breach emails going to a former employee's supervisor): the department reassigns them first.
 */
export class UserHasOpenWorkOrdersError extends DomainError {
  constructor(readonly workOrderCount: number) {
    super({
      zh: `该用户仍有${workOrderCount}张未完成的工单，请先用 assignWorkOrder 转派后再停用`,
      en: `This user still holds ${workOrderCount} open work orders; reassign them with assignWorkOrder before deactivating`,
    });
    this.name = "UserHasOpenWorkOrdersError";
  }
}

/**
 * Deactivating someone who still owns open deals would leave them where the customer's new owner
 * cannot see them (and their reminders going to a former employee): hand them over first, with the
 * customers (reassignCustomers takes the open deals along) or one by one (updateOpportunity ownerId).
 */
export class UserHasOpenDealsError extends DomainError {
  constructor(readonly dealCount: number) {
    super({
      zh: `该用户仍负责${dealCount}个未结束的商机，请先用 reassignCustomers（随客户移交）或 updateOpportunity（修改负责人）移交后再停用`,
      en: `This user still owns ${dealCount} open deals; hand them over with reassignCustomers (with their customers) or updateOpportunity (ownerId) before deactivating`,
    });
    this.name = "UserHasOpenDealsError";
  }
}

/** The token is valid but names no active user of this system. */
export class UnknownUserError extends DomainError {
  constructor() {
    super({ zh: "账号不存在或已停用", en: "This account does not exist or is deactivated" });
    this.name = "UnknownUserError";
  }
}

/**
 * The user is saved but their sign-in account could not be opened (or re-enabled): they cannot
 * sign in yet. Nothing is lost: `resendInvitation` opens it and mails the invitation.
 */
export class LoginNotOpenedError extends DomainError {
  constructor(
    readonly userId: string,
    cause: unknown,
  ) {
    super(
      {
        zh: "用户已保存，但登录账号未能开通（邀请邮件未发出），请稍后用 resendInvitation 重试",
        en: "The user is saved, but their sign-in account could not be opened (no invitation was sent); retry with resendInvitation",
      },
      { cause },
    );
    this.name = "LoginNotOpenedError";
  }
}
