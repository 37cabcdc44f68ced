import { idempotent, IdempotencyKeyInProgressError, IdempotencyKeyReusedError, type IdempotentMutation } from "../functions/core/idempotency";
import { builder, type Context } from "./builder";
import { ErrorInterface } from "./errors";

builder.objectType(IdempotencyKeyReusedError, {
  name: "IdempotencyKeyReusedError",
  description:
    "The idempotency key was used for another request (other input, or another mutation; for sendQuote another revision of the quote); nothing changed. Use a new key for a new request.",
  interfaces: [ErrorInterface],
});
builder.objectType(IdempotencyKeyInProgressError, {
  name: "IdempotencyKeyInProgressError",
  description: "The first request with this key is still running (it was waited for a few seconds): retry shortly to get its result.",
  interfaces: [ErrorInterface],
});

/** The failures a mutation taking an `idempotencyKey` adds to its own. */
export const IDEMPOTENCY_ERRORS = [IdempotencyKeyReusedError, IdempotencyKeyInProgressError];

export const IDEMPOTENCY_KEY_DESCRIPTION =
  "Optional, 1–100 printable characters, chosen by the client per request (a UUID). The same key again within 24 hours with the same input (a retry) does nothing twice and returns the first result as it is now; with other input, IdempotencyKeyReusedError. Keys are the caller's own: another user's same key is another key.";

/**
 * Resolves a mutation through its idempotency key (core/idempotency): `input` is the mutation's
 * arguments with the key; `run` gets them without it.
 */
export function idempotently<I extends { idempotencyKey?: string | null }, T>(
  ctx: Context,
  operation: string,
  input: I,
  // Give idOf's parameter its type (idOf: (c: Customer) => c.id): the result type is inferred from it.
  result: Pick<IdempotentMutation<T>, "idOf" | "load">,
  run: (input: Omit<I, "idempotencyKey">) => Promise<T>,
): Promise<T> {
  const { idempotencyKey, ...rest } = input;
  return idempotent(ctx.actor, { operation, key: idempotencyKey, input: rest, ...result }, () => run(rest));
}
export { IdempotencyKeyReusedError };
