export { IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from "./errors";
export { checkedKeyHash, fingerprintOf, MAX_KEY_LENGTH } from "./key";
export { idempotent, type IdempotentMutation, KEY_LIFETIME_MS } from "./run";
export { markResult } from "../../store/idempotency-ambient";
