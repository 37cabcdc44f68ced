import { randomUUID } from "node:crypto";
import type { IdempotencyKeyRecord } from "../../store/idempotency-keys";
import { IDEMPOTENCY_KEY_LABEL } from "../../store/idempotency-keys";
import { type PendingKeyWrite, withKeyWrite } from "../../store/idempotency-ambient";
import { ConditionFailedError } from "../../store/transact";
import type { Actor } from "../actor";
import { NotFoundError } from "../errors";
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from "./errors";
import { checkedKeyHash, fingerprintOf } from "./key";

/** Keys answer retries for a day, as Stripe's do. */
export const KEY_LIFETIME_MS = 24 * 3_600_000;
/** Longer than any GraphQL request may run (the Lambda stops at 29 s): a claim this old wrote nothing and never will. */
const STALE_CLAIM_MS = 60_000;
/** A racing request waits this long (polls × pause) for the first to finish, then is told to retry. */
const WAIT_POLLS = 20;
const WAIT_PAUSE_MS = 150;

export interface IdempotentMutation<T> {
  /** The mutation's name: a key used for another mutation is a reused key. */
  operation: string;
  key: string | null | undefined;
  /** The mutation's arguments as the client sent them. */
  input: unknown;
  /** The id of what the mutation returned, for the replay (its core marks it before its transaction: markResult). */
  idOf: (result: T) => string;
  /** The result as it is now, by the id recorded with the key (null: no longer there for the caller). */
  load: (id: string) => Promise<T | null>;
}

/**
 * Runs a mutation at most once per (organization, caller, key) for 24 hours: the same key with the
 * same input returns the first result (read again by its id) without a second effect; with other
 * input it is IdempotencyKeyReusedError. The key is claimed first (a racing request with it waits
 * for the first one's result), then written as DONE in the transaction that writes the effect, so a
 * Lambda stopping between the two cannot leave an effect without its key. A mutation that fails
 * before its effect gives the key back.
 */
export async function idempotent<T>(actor: Actor, m: IdempotentMutation<T>, run: () => Promise<T>): Promise<T> {
  if (m.key == null) return run();
  const keyHash = checkedKeyHash(m.key);
  const fingerprint = fingerprintOf(m.operation, m.input);
  const { deps, viewer } = actor;
  const keys = deps.store.idempotencyKeys;
  for (let poll = 0; ; poll++) {
    const now = deps.clock.now();
    const claim: IdempotencyKeyRecord = {
      orgId: viewer.orgId,
      userId: viewer.id,
      keyHash,
      operation: m.operation,
      fingerprint,
      status: "PENDING",
      token: randomUUID(),
      lockedAt: now.toISOString(),
      resultId: null,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + KEY_LIFETIME_MS).toISOString(),
    };
    if (await keys.claim(claim, new Date(now.getTime() - STALE_CLAIM_MS).toISOString())) return firstRun(actor, m, claim, run);
    const held = await keys.get(viewer.orgId, viewer.id, keyHash);
    if (held && held.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    if (held?.status === "DONE") return replay(m, held);
    if (poll >= WAIT_POLLS) throw new IdempotencyKeyInProgressError();
    // Held by a request still running (or given back just now): ask again in a moment.
    if (held) await new Promise((r) => setTimeout(r, WAIT_PAUSE_MS));
  }
}

async function firstRun<T>(actor: Actor, m: IdempotentMutation<T>, claim: IdempotencyKeyRecord, run: () => Promise<T>): Promise<T> {
  const keys = actor.deps.store.idempotencyKeys;
  const pending: PendingKeyWrite = { resultId: null, build: (id) => keys.doneWrite(claim, id), state: "IDLE" };
  let result: T;
  try {
    result = await withKeyWrite(pending, run);
  } catch (error) {
    if (pending.state === "WRITTEN") throw error; // the effect stands, and its key with it
    const lost = error instanceof ConditionFailedError && error.failed.includes(IDEMPOTENCY_KEY_LABEL);
    if (!lost && (await keys.release(claim))) throw error;
    // Our claim went stale and another request took the key over (the core may have reported that as
    // a conflict): nothing of ours was written; the other request's result is the answer.
    const held = await keys.get(claim.orgId, claim.userId, claim.keyHash);
    if (held?.status === "DONE" && held.fingerprint === claim.fingerprint) return replay(m, held);
    throw new IdempotencyKeyInProgressError();
  }
  // The effect was not written by one transaction (or wrote nothing new): the key is recorded after it.
  if (pending.state !== "WRITTEN") await keys.markDone(claim, m.idOf(result));
  return result;
}

async function replay<T>(m: IdempotentMutation<T>, held: IdempotencyKeyRecord): Promise<T> {
  const result = held.resultId ? await m.load(held.resultId) : null;
  if (!result) throw new NotFoundError(m.operation, held.resultId ?? "");
  return result;
}
