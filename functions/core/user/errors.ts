import { DomainError } from "../errors";

/** Deactivating someone who still holds customers would orphan them: hand them over first. */
export class UserHasCustomersError extends DomainError {
  constructor(readonly customerCount: number) {
    super({
      zh: `该用户仍负责${customerCount}个客户,请先用 reassignCustomers 移交后再停用`,
      en: `This user still holds ${customerCount} customers; hand them over with reassignCustomers before deactivating`,
    });
    this.name = "UserHasCustomersError";
  }
}

/** The token is valid but names no active user of this system. */
export class UnknownUserError extends DomainError {
  constructor() {
    super({ zh: "账号不存在或已停用", en: "This account does not exist or is deactivated" });
    this.name = "UnknownUserError";
  }
}
