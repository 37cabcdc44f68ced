import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client";
import { headWrites, holdWrites, isHeadLabel, trimHeadsOf } from "./timeline-heads";

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
 * same items) is retried with backoff; a failed condition is reported by label.
 */
export async function transact(db: Db, given: LabeledWrite[]): Promise<void> {
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
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
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
