import { QueryCommand } from "./dynamo";
import type { Db } from "./client";
import { pageSignature, rememberEdge, rememberedEdge } from "./page-edges";
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

/** Filters that must all hold (none given: no filter). */
export function allOf(...filters: (Filter | undefined)[]): Filter | undefined {
  const fs = filters.filter(Boolean) as Filter[];
  if (!fs.length) return undefined;
  return {
    expression: fs.map((f) => `(${f.expression})`).join(" AND "),
    names: Object.assign({}, ...fs.map((f) => f.names)),
    values: Object.assign({}, ...fs.map((f) => f.values)),
  };
}

/** One partition to read, optionally only between two sort keys (inclusive). */
export interface PartitionRange {
  pk: string;
  /** Another index than the page's, sharing its sort key attribute (byOwner + byTeam). */
  index?: IndexName;
  from?: string;
  to?: string;
}

export const encodeCursor = (sortKey: string) => Buffer.from(sortKey, "utf8").toString("base64url");
/**
 * Longer than any cursor issued (a sort key such as "ACT#<instant>#<ULID>" is under 80 characters
 * encoded), far below DynamoDB's 1 KB sort key: a longer one is not ours, and never reaches the table.
 */
const MAX_CURSOR_LENGTH = 400;
export function decodeCursor(cursor: string | null | undefined, maxLength = MAX_CURSOR_LENGTH): string | undefined {
  if (!cursor) return undefined;
  if (cursor.length > maxLength) throw new InvalidCursorError();
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

// Keys never contain control characters and ids have a fixed length, so these are the nearest keys
// strictly after and before a cursor (DynamoDB's BETWEEN is inclusive).
const justAfter = (key: string) => `${key}\u0001`;
const justBefore = (key: string) => `${key.slice(0, -1)}${String.fromCharCode(key.charCodeAt(key.length - 1) - 1)}\uffff`;
const maxKey = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a > b ? a : b);
const minKey = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a < b ? a : b);

const rangeId = (r: PartitionRange) => `${r.index ?? ""}|${r.pk}|${r.from ?? ""}|${r.to ?? ""}`;

interface PartitionState {
  range: PartitionRange;
  /** The first read stops at this sort key (the last such page's edge); later reads go on past it. */
  edge?: string;
  /** The edge a read stopped at, having read everything up to it: later reads start just past it. */
  pastEdge?: string;
  items: Record<string, unknown>[];
  startKey?: Record<string, unknown>;
  exhausted: boolean;
  /** The last sort key this partition has evaluated so far, in reading order. */
  frontier?: string;
}

/** Items read per call when a filter drops some: enough that one call usually fills a page. */
const FILTERED_LIMIT = 400;
const MAX_ROUNDS = 4;

/**
 * One page from the union of several partitions of an index (a rep's own customers plus the pool,
 * a manager's team, the open stages), in sort-key order. Each partition is queried in parallel from
 * the cursor on and the results are merged, so round trips depend on the number of partitions, not
 * on `first`.
 */
export async function mergedPage(
  db: Db,
  opts: {
    /** null: the table itself. */
    index: IndexName | null;
    partitions: (string | PartitionRange)[];
    /** Partitions known only later (a manager's sub-teams, once the directory is read): they join the first round. */
    joining?: Promise<(string | PartitionRange)[]>;
    /** Only sort keys with this prefix (the table's partitions hold several kinds of item). */
    sortKeyPrefix?: string;
    /** Oldest / smallest first; newest first by default. */
    ascending?: boolean;
    first: number;
    after?: string | null;
    filter?: Filter;
  },
): Promise<Page<Record<string, unknown>>> {
  const { partitionKey, sortKey } = opts.index ? INDEXES[opts.index] : TABLE_KEYS;
  const after = decodeCursor(opts.after);
  const asc = !!opts.ascending;
  const whole = opts.filter ? Math.max(FILTERED_LIMIT, opts.first + 1) : opts.first + 1;
  const skOf = (item: Record<string, unknown>) => item[sortKey] as string;
  /** Whether a comes before b in reading order. */
  const before = (a: string, b: string) => (asc ? a < b : a > b);
  const ranges = opts.partitions.map((p): PartitionRange => (typeof p === "string" ? { pk: p } : p));
  // A union reads each partition only up to where the last such page ended (store/page-edges.ts).
  const hinted = ranges.length > 1 || !!opts.joining;
  const narrowing = opts.filter ? JSON.stringify([opts.filter.expression, opts.filter.values]) : null;
  const signature = hinted ? pageSignature(ranges.map(rangeId), opts.index, opts.sortKeyPrefix, asc, narrowing, opts.first, opts.after) : "";
  const edge = hinted ? rememberedEdge(signature) : undefined;
  const stateOf = (range: PartitionRange): PartitionState => ({ range, edge, items: [], exhausted: false });
  const states = ranges.map(stateOf);

  const readMore = (s: PartitionState) => {
    const prefix = opts.sortKeyPrefix;
    let lo = maxKey(s.range.from, prefix);
    let hi = minKey(s.range.to, prefix ? `${prefix}\uffff` : undefined);
    if (after) {
      if (asc) lo = maxKey(lo, justAfter(after));
      else hi = minKey(hi, justBefore(after));
    }
    if (s.pastEdge !== undefined) {
      if (asc) lo = maxKey(lo, justAfter(s.pastEdge));
      else hi = minKey(hi, justBefore(s.pastEdge));
    }
    const edge = s.edge;
    s.edge = undefined;
    if (edge !== undefined) {
      if (asc) hi = minKey(hi, edge);
      else lo = maxKey(lo, edge);
    }
    const skCondition =
      lo !== undefined && hi !== undefined ? " AND #sk BETWEEN :lo AND :hi" : lo !== undefined ? " AND #sk >= :lo" : hi !== undefined ? " AND #sk <= :hi" : "";
    const index = s.range.index ?? opts.index;
    return db.doc
      .send(
        new QueryCommand({
          TableName: db.table,
          IndexName: index ?? undefined,
          KeyConditionExpression: `#pk = :pk${skCondition}`,
          FilterExpression: opts.filter?.expression,
          ExpressionAttributeNames: { "#pk": index ? INDEXES[index].partitionKey : partitionKey, ...(skCondition ? { "#sk": sortKey } : {}), ...opts.filter?.names },
          ExpressionAttributeValues: {
            ":pk": s.range.pk,
            ...(lo !== undefined ? { ":lo": lo } : {}),
            ...(hi !== undefined ? { ":hi": hi } : {}),
            ...opts.filter?.values,
          },
          ScanIndexForward: asc,
          Limit: whole,
          ExclusiveStartKey: s.startKey,
        }),
      )
      .then((out) => {
        s.items.push(...(out.Items ?? []));
        s.startKey = out.LastEvaluatedKey;
        s.exhausted = !out.LastEvaluatedKey;
        if (out.LastEvaluatedKey) s.frontier = out.LastEvaluatedKey[sortKey] as string;
        else if (edge !== undefined) {
          // Read up to the edge, not to the partition's end: what lies past it is read if the page needs it.
          s.exhausted = false;
          s.frontier = s.pastEdge = edge;
        }
      });
  };

  // Everything up to the nearest frontier of an unfinished partition has been seen in every partition.
  const settled = () => {
    const open = states.filter((s) => !s.exhausted).map((s) => s.frontier as string);
    const floor = open.length ? open.reduce((a, b) => (before(a, b) ? a : b)) : undefined;
    const items = states
      .flatMap((s) => s.items)
      .filter((item) => floor === undefined || !before(floor, skOf(item)))
      .sort((a, b) => (before(skOf(a), skOf(b)) ? -1 : 1));
    return { items, floor };
  };

  /** Open partitions whose frontier is short of the page's end (and the one item past it, for hasNextPage). */
  const lagging = () => {
    const open = states.filter((s) => !s.exhausted);
    const read = states.flatMap((s) => s.items.map(skOf)).sort((a, b) => (before(a, b) ? -1 : 1));
    if (read.length <= opts.first) return open;
    const end = read[opts.first];
    return open.filter((s) => before(s.frontier as string, end));
  };

  const joined = opts.joining?.then((ps) => {
    const added = ps.map((p) => stateOf(typeof p === "string" ? { pk: p } : p));
    states.push(...added);
    return Promise.all(added.map(readMore));
  });
  await Promise.all([...states.map(readMore), joined]);
  for (let round = 1; round < MAX_ROUNDS; round++) {
    const behind = lagging();
    if (!behind.length) break;
    await Promise.all(behind.map(readMore));
  }

  const { items, floor } = settled();
  const page = items.slice(0, opts.first);
  if (hinted) rememberEdge(signature, items.length > opts.first ? skOf(items[opts.first]) : undefined);
  const more = items.length > opts.first || floor !== undefined;
  const last = page.length === opts.first ? skOf(page[page.length - 1]) : floor;
  return {
    items: page,
    cursors: page.map((i) => encodeCursor(skOf(i))),
    hasNextPage: more,
    endCursor: more && last ? encodeCursor(last) : null,
  };
}
