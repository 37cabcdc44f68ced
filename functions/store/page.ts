import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client";
import { INDEXES, type IndexName, TABLE_KEYS } from "./table";

export interface Page<T> {
  items: T[];
  /** One per item: where a page starting after it begins. */
  cursors: string[];
  hasNextPage: boolean;
  /** Opaque; pass back as `after` for the next page. */
  endCursor: string | null;
}

export interface Filter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

export const encodeCursor = (sortKey: string) => Buffer.from(sortKey, "utf8").toString("base64url");
export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (!cursor) return undefined;
  const sortKey = Buffer.from(cursor, "base64url").toString("utf8");
  if (!sortKey || encodeCursor(sortKey) !== cursor) throw new InvalidCursorError();
  return sortKey;
}

export class InvalidCursorError extends Error {
  constructor() {
    super("Invalid cursor");
    this.name = "InvalidCursorError";
  }
}

/**
 * The greatest key strictly below `sortKey`, so "BETWEEN prefix AND beforeKey(cursor)" excludes the
 * cursor itself (DynamoDB's BETWEEN is inclusive).
 */
function beforeKey(sortKey: string): string {
  const last = sortKey.charCodeAt(sortKey.length - 1);
  return sortKey.slice(0, -1) + String.fromCharCode(last - 1) + "\uffff";
}

interface PartitionState {
  pk: string;
  items: Record<string, unknown>[];
  startKey?: Record<string, unknown>;
  exhausted: boolean;
  /** Lowest sort key this partition has evaluated so far (we read newest first). */
  frontier?: string;
}

/** Items read per call when a filter drops some: enough that one call usually fills a page. */
const FILTERED_LIMIT = 400;
const MAX_ROUNDS = 4;

/**
 * One page, newest first, from the union of several partitions of an index (a rep's own customers
 * plus the pool, a manager's team). Each partition is queried in parallel from the cursor on; the
 * results are merged by sort key. Round trips depend on the number of partitions, not on `first`.
 */
export async function mergedPage(
  db: Db,
  opts: {
    /** null: the table itself. */
    index: IndexName | null;
    partitions: string[];
    /** Only sort keys with this prefix (the table's partitions hold several kinds of item). */
    sortKeyPrefix?: string;
    first: number;
    after?: string | null;
    filter?: Filter;
  },
): Promise<Page<Record<string, unknown>>> {
  const { partitionKey, sortKey } = opts.index ? INDEXES[opts.index] : TABLE_KEYS;
  const after = decodeCursor(opts.after);
  const prefix = opts.sortKeyPrefix;
  const keyCondition = after
    ? prefix
      ? "#pk = :pk AND #sk BETWEEN :prefix AND :before"
      : "#pk = :pk AND #sk < :before"
    : prefix
      ? "#pk = :pk AND begins_with(#sk, :prefix)"
      : "#pk = :pk";
  const keyValues = {
    ...(after ? { ":before": beforeKey(after) } : {}),
    ...(prefix ? { ":prefix": prefix } : {}),
  };
  const limit = opts.filter ? Math.max(FILTERED_LIMIT, opts.first + 1) : opts.first + 1;
  const states: PartitionState[] = opts.partitions.map((pk) => ({ pk, items: [], exhausted: false }));

  const readMore = (s: PartitionState) =>
    db.doc
      .send(
        new QueryCommand({
          TableName: db.table,
          IndexName: opts.index ?? undefined,
          KeyConditionExpression: keyCondition,
          FilterExpression: opts.filter?.expression,
          ExpressionAttributeNames: { "#pk": partitionKey, ...(after || prefix ? { "#sk": sortKey } : {}), ...opts.filter?.names },
          ExpressionAttributeValues: { ":pk": s.pk, ...keyValues, ...opts.filter?.values },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: s.startKey,
        }),
      )
      .then((out) => {
        s.items.push(...(out.Items ?? []));
        s.startKey = out.LastEvaluatedKey;
        s.exhausted = !out.LastEvaluatedKey;
        if (out.LastEvaluatedKey) s.frontier = out.LastEvaluatedKey[sortKey] as string;
      });

  // Everything at or above the highest frontier of an unfinished partition has been seen everywhere.
  const settled = () => {
    const open = states.filter((s) => !s.exhausted).map((s) => s.frontier as string);
    const floor = open.length ? open.reduce((a, b) => (a > b ? a : b)) : undefined;
    const items = states
      .flatMap((s) => s.items)
      .filter((item) => floor === undefined || (item[sortKey] as string) >= floor)
      .sort((a, b) => ((a[sortKey] as string) < (b[sortKey] as string) ? 1 : -1));
    return { items, floor };
  };

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const open = states.filter((s) => !s.exhausted);
    if (!open.length || (round > 0 && settled().items.length > opts.first)) break;
    await Promise.all(open.map(readMore));
  }

  const { items, floor } = settled();
  const page = items.slice(0, opts.first);
  const more = items.length > opts.first || floor !== undefined;
  const last = page.length === opts.first ? (page.at(-1)?.[sortKey] as string) : floor;
  return {
    items: page,
    cursors: page.map((i) => encodeCursor(i[sortKey] as string)),
    hasNextPage: more,
    endCursor: more && last ? encodeCursor(last) : null,
  };
}
