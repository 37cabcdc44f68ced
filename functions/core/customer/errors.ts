import { DomainError } from "../errors";

/** The customer already exists (same credit code, or same name once normalized). */
export class DuplicateCustomerError extends DomainError {
  constructor(
    readonly field: "creditCode" | "name",
    readonly existingCustomerId: string,
    readonly existingCustomerName: string,
    readonly ownerName: string | null,
  ) {
    const by = field === "creditCode" ? { zh: "统一社会信用代码", en: "credit code" } : { zh: "名称", en: "name" };
    super({
      zh: `客户已存在（${by.zh}相同）：${existingCustomerName}，${ownerName ? `负责人：${ownerName}` : "目前在公海"}`,
      en: `This customer already exists (same ${by.en}): ${existingCustomerName}, ${ownerName ? `owned by ${ownerName}` : "now in the pool"}`,
    });
    this.name = "DuplicateCustomerError";
  }
}

/** Someone else holds the customer (the loser of a claim race gets this). */
export class CustomerAlreadyOwnedError extends DomainError {
  constructor(readonly ownerName: string) {
    super({ zh: `该客户已由${ownerName}负责`, en: `This customer is already held by ${ownerName}` });
    this.name = "CustomerAlreadyOwnedError";
  }
}

export class CustomerInPoolError extends DomainError {
  constructor() {
    super({ zh: "该客户在公海中，请先认领", en: "This customer is in the pool; claim it first" });
    this.name = "CustomerInPoolError";
  }
}

export class OwnershipLimitError extends DomainError {
  /** For a hand-over: how many the receiver holds already (null for a claim or a new customer). */
  readonly heldCount: number | null;
  constructor(
    readonly limit: number,
    receiver?: { name: string; heldCount: number; incoming: number },
  ) {
    super(
      receiver
        ? {
            zh: `${receiver.name}已持有${receiver.heldCount}个客户，再移交${receiver.incoming}个将超过每人最多${limit}个的上限；请换一位接收人、分批移交，或由管理员移交`,
            en: `${receiver.name} already holds ${receiver.heldCount} customers; ${receiver.incoming} more would pass the limit of ${limit} per person; choose another receiver, hand over fewer, or ask an ADMIN`,
          }
        : {
            zh: `每人最多持有${limit}个客户，请先释放不再跟进的客户`,
            en: `One person may hold at most ${limit} customers; release some you no longer work first`,
          },
    );
    this.heldCount = receiver?.heldCount ?? null;
    this.name = "OwnershipLimitError";
  }
}

/**
 * The claimer gave this customer up (released it, or lost it to auto-release) too recently: claiming
 * it straight back would only restart the countdown. Others may claim it at once.
 */
export class ReclaimCooldownError extends DomainError {
  constructor(
    readonly releasedOn: string,
    /** The first local day they may claim it again, and the instant that day begins. */
    readonly claimableOn: string,
    readonly claimableAt: string,
  ) {
    super({
      zh: `你在${releasedOn}释放了该客户，${claimableOn}起才能再次认领`,
      en: `You released this customer on ${releasedOn}; you can claim it again from ${claimableOn}`,
    });
    this.name = "ReclaimCooldownError";
  }
}
