import { GetCommand, UpdateCommand } from "./dynamo";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key } from "./keys";
import type { LabeledWrite } from "./transact";

/**
 * A subject's timeline head: beside its activities, the sort keys of its newest ones (a string set,
 * "<sk>" or "<sk>|<viewerId>" for a private note), so a page of customers or deals shows their
 * timelines with two BatchGetItem calls (heads, then the activities they name) instead of a Query each.
 *
 * Invariant: when `since` is set, the head names every activity of the subject whose sort key is
 * ≥ `since` (SINCE_ALL: every one). Entries are added in the activity's own transaction
 * (`headWrites`, called by `transact`), so a reader never trusts a head that misses one. A head
 * without `since` (a subject from before heads, or after an oversize transaction) is not trusted:
 * the reader queries instead and rebuilds it (`rebuildHead`).
 */
export const SINCE_ALL = "ACT#";
/** An activity write finding more entries than this trims the head first (the item stays a few KB). */
const CAP = 60;
/** What a trim keeps: more than a list shows of each subject. */
const KEEP = 20;
/** After an oversize transaction no reader rebuilds the head for this long (it may not name that transaction's entries). */
const HOLD_MS = 60_000;
const LABEL = "timelineHead:";
// transact.ts imports this file: its own `isConditionFailure` is not imported back.
const isConditionFailure = (error: unknown) => (error as { name?: string }).name === "ConditionalCheckFailedException";

export interface HeadEntry {
  sk: string;
  visibleTo?: string;
}

export interface TimelineHead {
  /** null: not trusted (see above). */
  since: string | null;
  /** Newest first, only those ≥ since. */
  entries: HeadEntry[];
}

const entryOf = (sk: string, visibleTo: unknown) => (typeof visibleTo === "string" && visibleTo ? `${sk}|${visibleTo}` : sk);
const parseEntry = (e: string): HeadEntry => {
  const [sk, visibleTo] = e.split("|");
  return visibleTo ? { sk, visibleTo } : { sk };
};
const newestFirst = (a: HeadEntry, b: HeadEntry) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0);

export const isHeadLabel = (label: string) => label.startsWith(LABEL);
const pkOfLabel = (label: string) => label.slice(LABEL.length);

/**
 * One update per subject for the activities a transaction puts (never two writes on one item). A
 * subject created in the same transaction (its own item put only if absent) starts a trusted head.
 * Fails, labeled, when the head holds CAP entries or more: `transact` trims it and tries again.
 */
export function headWrites(db: Db, writes: LabeledWrite[]): LabeledWrite[] {
  type Subject = { subjectId: unknown; entries: string[]; created: boolean };
  const subjects = new Map<string, Subject>();
  for (const w of writes) {
    const item = w.item.Put?.Item;
    if (item?._type !== "Activity") continue;
    const s: Subject = subjects.get(item.pk) ?? { subjectId: item.subjectId, entries: [], created: false };
    s.entries.push(entryOf(item.sk, item.visibleTo));
    subjects.set(item.pk, s);
  }
  for (const w of writes) {
    const put = w.item.Put;
    const s = put && subjects.get(put.Item?.pk);
    if (s && put.Item?._type !== "Activity" && put.Item?.id === s.subjectId && put.ConditionExpression === "attribute_not_exists(pk)") s.created = true;
  }
  return [...subjects].map(([pk, s]) => ({
    label: `${LABEL}${pk}`,
    item: {
      Update: {
        TableName: db.table,
        Key: key.timelineHead(pk),
        UpdateExpression: `SET #type = :type${s.created ? ", since = if_not_exists(since, :all)" : ""} ADD entries :e`,
        ConditionExpression: "attribute_not_exists(entries) OR size(entries) < :cap",
        ExpressionAttributeNames: { "#type": "_type" },
        ExpressionAttributeValues: { ":type": "TimelineHead", ":e": new Set(s.entries), ":cap": CAP, ...(s.created ? { ":all": SINCE_ALL } : {}) },
      },
    },
  }));
}

/** Heads a transaction cannot also update (it would pass 100 writes): untrusted until HOLD_MS after, then rebuilt. */
export const holdWrites = (db: Db, heads: LabeledWrite[]): LabeledWrite[] =>
  heads.map((h) => ({
    label: h.label,
    item: {
      Update: {
        TableName: db.table,
        Key: key.timelineHead(pkOfLabel(h.label)),
        UpdateExpression: "SET holdUntil = :until REMOVE since",
        ExpressionAttributeValues: { ":until": Date.now() + HOLD_MS },
      },
    },
  }));

function toHead(item: Record<string, unknown> | null): TimelineHead | null {
  if (!item) return null;
  const since = typeof item.since === "string" ? item.since : null;
  const all = [...((item.entries as Set<string> | undefined) ?? [])].map(parseEntry).sort(newestFirst);
  return { since, entries: since === null ? all : all.filter((e) => e.sk >= since) };
}

/** The heads of some subjects (by partition key), in one BatchGetItem per 100; null where there is none. */
export async function readHeads(db: Db, pks: string[]): Promise<Map<string, TimelineHead | null>> {
  const items = await batchGet(db, pks.map(key.timelineHead));
  return new Map(pks.map((pk, i) => [pk, toHead(items[i])]));
}

/** Keeps the KEEP newest entries a head trusts (and raises `since` past the rest); false if it changed meanwhile. */
export async function trimHead(db: Db, pk: string): Promise<boolean> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.timelineHead(pk), ConsistentRead: true }));
  const stored = [...((out.Item?.entries as Set<string> | undefined) ?? [])];
  const head = toHead(out.Item ?? null);
  if (!head) return true;
  const kept = new Set(head.entries.slice(0, KEEP).map((e) => e.sk));
  const removed = stored.filter((e) => !kept.has(parseEntry(e).sk));
  if (!removed.length) return true;
  const since = head.since === null ? null : head.entries.length > KEEP ? head.entries[KEEP - 1].sk : head.since;
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key.timelineHead(pk),
        UpdateExpression: `DELETE entries :removed${since === null ? "" : " SET since = :since"}`,
        ConditionExpression: head.since === null ? "attribute_not_exists(since)" : "since = :seen",
        ExpressionAttributeValues: { ":removed": new Set(removed), ...(since === null ? {} : { ":since": since, ":seen": head.since }) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Heads named by failed labels of a transaction, trimmed so it can be tried again. */
export async function trimHeadsOf(db: Db, labels: string[]): Promise<void> {
  await Promise.all(
    labels.filter(isHeadLabel).map(async (label) => {
      for (let attempt = 0; attempt < 3 && !(await trimHead(db, pkOfLabel(label))); attempt++);
    }),
  );
}

/**
 * Makes an untrusted head trusted from what a strongly consistent query of the subject's newest
 * activities (all of them, private or not) found: `reachedEnd`, every activity. Activities written
 * since the query added themselves; a head someone else rebuilt, or one on hold, is left alone.
 */
export async function rebuildHead(db: Db, pk: string, sortKeys: { sk: string; visibleTo?: unknown }[], reachedEnd: boolean): Promise<void> {
  const since = reachedEnd || !sortKeys.length ? SINCE_ALL : sortKeys.reduce((a, b) => (a.sk < b.sk ? a : b)).sk;
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key.timelineHead(pk),
        UpdateExpression: `SET since = :since, #type = :type${sortKeys.length ? " ADD entries :e" : ""}`,
        ConditionExpression: "attribute_not_exists(since) AND (attribute_not_exists(holdUntil) OR holdUntil < :now)",
        ExpressionAttributeNames: { "#type": "_type" },
        ExpressionAttributeValues: {
          ":since": since,
          ":type": "TimelineHead",
          ":now": Date.now(),
          ...(sortKeys.length ? { ":e": new Set(sortKeys.map((a) => entryOf(a.sk, a.visibleTo))) } : {}),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
