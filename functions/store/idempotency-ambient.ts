import { AsyncLocalStorage } from "node:async_hooks";
import type { LabeledWrite } from "./transact";

/**
 * An idempotency key waiting to be recorded with the effect it guards. The mutation runs inside
 * `withKeyWrite`; `transact()` adds the key's item to the one transaction that holds the effect, so
 * the effect and "this key made it" are written together or not at all (a Lambda that dies between
 * the two leaves neither or both).
 *
 * Which transaction: the first one that runs after the result is known (`markResult`). Mutations
 * whose result is the record they were given (a follow-up on a customer) know it from the start;
 * creates mark the new id right before they save. Transactions before the mark (or after the key
 * was written) never carry it, so unrelated writes of the same request are left alone.
 */
export interface PendingKeyWrite {
  /** The id the replay reads; null until the mutation knows it. */
  resultId: string | null;
  /** The key's write for a transaction, naming `resultId`. */
  build: (resultId: string) => LabeledWrite;
  /** IDLE: not yet written; IN_FLIGHT: in a transaction being sent; WRITTEN: committed with the effect. */
  state: "IDLE" | "IN_FLIGHT" | "WRITTEN";
}

const ambient = new AsyncLocalStorage<PendingKeyWrite>();

export const withKeyWrite = <T>(pending: PendingKeyWrite, run: () => Promise<T>): Promise<T> => ambient.run(pending, run);

/**
 * The mutation says which record it makes, right before the transaction that makes it (again on a
 * retried attempt with a new id: the latest mark counts until the key is written).
 */
export function markResult(resultId: string): void {
  const pending = ambient.getStore();
  if (pending && pending.state === "IDLE") pending.resultId = resultId;
}

/**
 * For transact(): the key's write, once, if a mutation marked its result and it is not written yet;
 * `settle(true)` after the transaction committed, `settle(false)` (the write goes back) when it failed.
 */
export function takeKeyWrite(): { write: LabeledWrite; settle: (committed: boolean) => void } | null {
  const pending = ambient.getStore();
  if (!pending || pending.state !== "IDLE" || !pending.resultId) return null;
  pending.state = "IN_FLIGHT";
  return {
    write: pending.build(pending.resultId),
    settle: (committed) => {
      pending.state = committed ? "WRITTEN" : "IDLE";
    },
  };
}
