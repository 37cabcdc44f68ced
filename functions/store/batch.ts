import { BatchGetCommand, BatchWriteCommand } from "./dynamo";
import type { Db } from "./client";

type Key = { pk: string; sk: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads many items in as few round trips as DynamoDB allows (100 keys a call), retries the keys it
 * leaves unprocessed, and returns the items in the order of the keys (null where missing).
 * `consistent`: strongly consistent reads, for state someone may have just changed.
 */
export async function batchGet(db: Db, keys: Key[], opts: { consistent?: boolean } = {}): Promise<(Record<string, unknown> | null)[]> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Key[] = unique.slice(i, i + 100);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const out = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ...(opts.consistent ? { ConsistentRead: true } : {}) } } }));
      for (const item of out.Responses?.[db.table] ?? []) found.set(`${item.pk}\u0000${item.sk}`, item);
      pending = (out.UnprocessedKeys?.[db.table]?.Keys as Key[] | undefined) ?? [];
    }
  }
  return keys.map((k) => found.get(`${k.pk}\u0000${k.sk}`) ?? null);
}

/** Bulk put for loaders (seed, bench): 25 items a call, unprocessed items retried. */
export async function batchPut(db: Db, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } }));
      pending = (out.UnprocessedItems?.[db.table] as typeof pending | undefined) ?? [];
    }
  }
}
