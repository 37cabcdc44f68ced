import { TransactWriteCommand, type TransactWriteCommandInput, isTransactionCanceled } from "./dynamo";
import type { Db } from "./client";
import { takeKeyWrite } from "./idempotency-ambient";
import { headWrites, holdWrites, isHeadLabel, trimHeadsOf } from "./timeline-heads";
import { eventWrites, eventsCommitted, isEventMark } from "./webhook-events";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** A single write's condition failed (outside a transaction). */
export const isConditionFailure = (error: unknown) => (error as { name?: string }).name === "ConditionalCheckFailedException";

/** One write in a transaction, named so a failed condition can be traced to its meaning. */
export interface LabeledWrite {
  label: string;
  item: TransactItem;
}

/** A condition of the transaction did not hold; `failed` names which writes. Nothing was written. */
export class ConditionFailedError extends Error {
  constructor(readonly failed: string[]) {
    super(`Condition failed: ${failed.join(", ")}`);
    this.name = "ConditionFailedError";
  }
}

const MAX_ATTEMPTS = 4;

/**
 * All-or-nothing write of up to 100 items. A TransactionConflict (another transaction touching the
 * same items) is retried with backoff; a failed condition is reported by label. Inside an idempotent
 * mutation the key's item joins the transaction that writes the effect (store/idempotency-ambient.ts).
 */
export async function transact(db: Db, given: LabeledWrite[]): Promise<void> {
  const key = given.length < 100 ? takeKeyWrite() : null;
  if (!key) return transactOnce(db, given);
  try {
    await transactOnce(db, [...given, key.write]);
    key.settle(true);
  } catch (error) {
    key.settle(false);
    throw error;
  }
}

async function transactOnce(db: Db, asked: LabeledWrite[]): Promise<void> {
  // Webhook events ride in the transaction of their change (store/webhook-events.ts): one outbox write per organization.
  const events = eventWrites(db, asked);
  const given = events.length ? [...asked.filter((w) => !isEventMark(w)), ...events] : asked;
  if (given.length > 100) throw new Error(`A transaction holds at most 100 writes, got ${given.length}`);
  // Activities name themselves in their subject's timeline head in the same transaction; when that
  // would pass 100 writes the heads are put on hold first (read by query, rebuilt later).
  const heads = headWrites(db, given);
  const fits = given.length + heads.length <= 100;
  if (heads.length && !fits) await transact(db, holdWrites(db, heads));
  const writes = fits ? [...given, ...heads] : given;
  for (let attempt = 1, trims = 0; ; attempt++) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: writes.map((w) => w.item) }));
      if (events.length) eventsCommitted(db);
      return;
    } catch (error) {
      if (!isTransactionCanceled(error)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" ? [writes[i].label] : []));
      const own = failed.filter((label) => !isHeadLabel(label));
      if (own.length) throw new ConditionFailedError(own);
      if (failed.length && trims++ < 2) {
        // Only full timeline heads stood in the way: trim them and write again.
        await trimHeadsOf(db, failed);
        continue;
      }
      if (failed.length) throw new ConditionFailedError(failed);
      const conflict = reasons.some((r) => r.Code === "TransactionConflict");
      if (!conflict || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt + Math.random() * 20));
    }
  }
}

/**
 * Optimistic locking: puts the whole item only if the stored one is still at `prevVersion` (none:
 * only if there is no item yet). A failure names `label`.
 */
export function versionedPut(db: Db, label: string, item: Record<string, unknown>, prevVersion: number | null): LabeledWrite {
  return {
    label,
    item: {
      Put: {
        TableName: db.table,
        Item: item,
        ConditionExpression: prevVersion === null ? "attribute_not_exists(pk)" : "version = :prev",
        ExpressionAttributeValues: prevVersion === null ? undefined : { ":prev": prevVersion },
      },
    },
  };
}
