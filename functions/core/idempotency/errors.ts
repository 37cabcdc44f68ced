import { DomainError } from "../errors";
import type { Text } from "../text";

/**
 * A retry must repeat its request: the same key with other input (or for another mutation) is a
 * mistake, not a retry, and changes nothing.
 */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(
    text: Text = {
      zh: "该幂等键已用于另一个内容不同的请求，请为新的请求使用新的幂等键",
      en: "This idempotency key was used for a different request; use a new key for a new request",
    },
  ) {
    super(text);
    this.name = "IdempotencyKeyReusedError";
  }
}

/** The first request with this key is still running: retry in a moment to get its result. */
export class IdempotencyKeyInProgressError extends DomainError {
  constructor() {
    super({
      zh: "使用该幂等键的上一个请求仍在处理中，请稍后重试以获取其结果",
      en: "A request with this idempotency key is still being processed; retry shortly to get its result",
    });
    this.name = "IdempotencyKeyInProgressError";
  }
}
