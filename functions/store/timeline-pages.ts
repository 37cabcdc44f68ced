import { QueryCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { stripKeys } from "./keys";
import { encodeCursor, type Page } from "./page";
import { type HeadEntry, readHeads, rebuildHead, SINCE_ALL } from "./timeline-heads";

/** The first page of one subject's timeline (its partition key), for one viewer. */
export interface TimelineAsk {
  pk: string;
  first: number;
}

/** Read when rebuilding a head: at least this many newest activities, so it serves the next pages of a list. */
const REBUILD_READ = 20;

type Item = Record<string, unknown>;
const visibleTo = (viewerId: string) => (e: { visibleTo?: unknown }) => !e.visibleTo || e.visibleTo === viewerId;

/** A page exactly as `mergedPage` gives it: cursors are sort keys, `endCursor` only when there is more. */
function pageOf(items: Item[], more: boolean): Page<Activity> {
  const sks = items.map((i) => i.sk as string);
  return {
    items: items.map((i) => stripKeys<Activity>(i)),
    cursors: sks.map(encodeCursor),
    hasNextPage: more,
    endCursor: more && sks.length ? encodeCursor(sks[sks.length - 1]) : null,
  };
}

/**
 * First pages of many subjects' timelines: one BatchGetItem of their heads and one of the
 * activities the heads name (per 100 keys), whatever the number of subjects. A subject whose head
 * is not trusted, or names fewer entries than asked while older ones exist, is read by `queryPage`
 * (today's Query); an untrusted head is rebuilt from a consistent read of the newest activities.
 */
export async function firstTimelinePages<A extends TimelineAsk>(db: Db, asks: A[], viewerId: string, queryPage: (ask: A) => Promise<Page<Activity>>): Promise<Page<Activity>[]> {
  const heads = await readHeads(db, [...new Set(asks.map((a) => a.pk))]);
  const seen = visibleTo(viewerId);
  const plans = asks.map((ask) => {
    const head = heads.get(ask.pk);
    if (!head || head.since === null) return null;
    const visible = head.entries.filter(seen);
    if (visible.length > ask.first) return { entries: visible.slice(0, ask.first), more: true };
    return head.since === SINCE_ALL ? { entries: visible, more: false } : null;
  });

  const rebuilds = new Map<string, Promise<{ items: Item[]; reachedEnd: boolean }>>();
  const rebuilt = (ask: A) => {
    if (!rebuilds.has(ask.pk)) {
      const limit = Math.max(REBUILD_READ, ...asks.filter((a) => a.pk === ask.pk).map((a) => a.first + 1));
      rebuilds.set(ask.pk, newest(db, ask.pk, limit));
    }
    return rebuilds.get(ask.pk)!;
  };
  const fallback = async (ask: A): Promise<Page<Activity>> => {
    const head = heads.get(ask.pk);
    if (head && head.since !== null) return queryPage(ask);
    const { items, reachedEnd } = await rebuilt(ask);
    const visible = items.filter(seen);
    if (visible.length > ask.first) return pageOf(visible.slice(0, ask.first), true);
    return reachedEnd ? pageOf(visible, false) : queryPage(ask);
  };

  const keys = plans.flatMap((p, i) => (p ? p.entries.map((e: HeadEntry) => ({ pk: asks[i].pk, sk: e.sk })) : []));
  const [found, ...fallbacks] = await Promise.all([
    // Strongly consistent: an entry the head names is always found (activities never change).
    keys.length ? batchGet(db, keys, { consistent: true }) : Promise.resolve([]),
    ...asks.map((ask, i) => (plans[i] ? null : fallback(ask))),
  ]);
  const bySk = new Map(found.filter((i): i is Item => i !== null).map((i) => [`${i.pk}\u0000${i.sk}`, i]));
  const pages = await Promise.all(
    asks.map(async (ask, i) => {
      const plan = plans[i];
      if (!plan) return fallbacks[i] as Page<Activity>;
      const items = plan.entries.map((e) => bySk.get(`${ask.pk}\u0000${e.sk}`));
      return items.every((x) => x) ? pageOf(items as Item[], plan.more) : queryPage(ask);
    }),
  );
  await Promise.all([...rebuilds].map(async ([pk, read]) => {
    const { items, reachedEnd } = await read;
    await rebuildHead(db, pk, items.map((i) => ({ sk: i.sk as string, visibleTo: i.visibleTo })), reachedEnd);
  }));
  return pages;
}

/** A subject's newest activities, private or not, read strongly consistent (a head is built from them). */
async function newest(db: Db, pk: string, limit: number): Promise<{ items: Item[]; reachedEnd: boolean }> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :act)",
      ExpressionAttributeValues: { ":pk": pk, ":act": SINCE_ALL },
      ScanIndexForward: false,
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return { items: out.Items ?? [], reachedEnd: !out.LastEvaluatedKey };
}
