import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "./dynamo";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, partition } from "./keys";
import { queryAll } from "./query-all";
import { isConditionFailure } from "./transact";

/**
 * The team key. Every owned customer and deal carries its owner's direct manager (`ownerManagerId`,
 * null when the owner has none) and, when there is one, sits in that manager's byTeam partition.
 * A manager's list is then their own partition, their direct reports' (one byTeam partition) and
 * one per manager below them: a number of reads that does not grow with the size of the team.
 * Written with the item on every save (so every reassignment path keeps it), rewritten for one
 * person's items when their manager changes, and given to older items once by the sweep; until
 * then an organization has no marker and its lists read one partition per owner, as before.
 */
export type TeamKind = "CUSTOMER" | "OPPORTUNITY";
/** What a stored customer or deal carries beside its own fields (undefined: written before team keys). */
export type Filed = { ownerManagerId?: string | null };

export function teamAttributes(orgId: string, kind: TeamKind, ownerId: string | null, ownerManagerId: string | null | undefined) {
  if (ownerManagerId === undefined) return {};
  const manager = ownerId ? ownerManagerId : null;
  return { ownerManagerId: manager, ...(manager ? { gsi6pk: partition.team(orgId, manager, kind) } : {}) };
}

/** The item's attributes without a stale team: an item's own `ownerManagerId` is replaced by `teamAttributes`. */
export function withoutTeam<T extends object>(o: T): T {
  const { ownerManagerId: _replaced, ...rest } = o as T & Filed;
  return rest as T;
}

/**
 * Each change's next version with its owner's manager: carried over while the owner stays (and the
 * item was filed), else read, one BatchGet for all the new owners of a save.
 */
export async function withTeams<T extends { ownerId: string | null }>(
  db: Db,
  changes: { prev: T | null; next: T }[],
  /** Owners' managers the caller has read already (an import of thousands of rows reads them once). */
  known?: ReadonlyMap<string, string | null>,
): Promise<(T & Filed)[]> {
  const carried = (prev: T | null, next: T) =>
    prev && prev.ownerId === next.ownerId ? (prev as T & Filed).ownerManagerId : next.ownerId && known?.has(next.ownerId) ? known.get(next.ownerId) : undefined;
  const toRead = [...new Set(changes.filter((c) => c.next.ownerId && carried(c.prev, c.next) === undefined).map((c) => c.next.ownerId as string))];
  const managers = new Map<string, string | null>();
  if (toRead.length) {
    const owners = await batchGet(db, toRead.map(key.user));
    owners.forEach((u, i) => managers.set(toRead[i], (u?.managerId as string | null | undefined) ?? null));
  }
  return changes.map(({ prev, next }) => ({
    ...next,
    ownerManagerId: next.ownerId ? (carried(prev, next) ?? managers.get(next.ownerId) ?? null) : null,
  }));
}

/** Present once an organization's items all carry team keys (loaders that write them may put it too). */
export const teamKeysMarker = (orgId: string) => ({ pk: `BACKFILL#TEAM_KEYS#${orgId}`, sk: "BACKFILL" });
const marker = teamKeysMarker;
const ownerPartitions = (orgId: string, ownerId: string) =>
  [
    { kind: "CUSTOMER", pk: partition.owner(orgId, ownerId) },
    { kind: "OPPORTUNITY", pk: partition.opportunityOwner(orgId, ownerId) },
  ] as const;

const FILED_FOR_MS = 60_000;
const filedUntil = new Map<string, number>();

export function teamKeyStore(db: Db) {
  return {
    /**
     * Whether every customer and deal of the organization carries its team key. A yes is kept for
     * a minute per process (it only turns to no when a refile failed, until the next sweep), so
     * most list requests pay no read for it.
     */
    async filed(orgId: string): Promise<boolean> {
      const cacheKey = `${db.table}#${orgId}`;
      if ((filedUntil.get(cacheKey) ?? 0) > Date.now()) return true;
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: marker(orgId) }));
      if (out.Item) filedUntil.set(cacheKey, Date.now() + FILED_FOR_MS);
      return !!out.Item;
    },
    async markFiled(orgId: string, at: string): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...marker(orgId), _type: "Backfill", at } }));
    },
    /** Lists fall back to one partition per owner until the sweep files the organization again. */
    async unmark(orgId: string): Promise<void> {
      filedUntil.delete(`${db.table}#${orgId}`);
      await db.doc.send(new DeleteCommand({ TableName: db.table, Key: marker(orgId) }));
    },

    /**
     * Files everything one person owns under `managerId` (after their manager changed, or for the
     * backfill): each item whose team differs, moving its version so that a save which read the old
     * team fails rather than writing it back. An item that changed hands meanwhile is left alone: its
     * new owner's save filed it. Returns how many items were written.
     */
    async refileOwner(orgId: string, ownerId: string, managerId: string | null): Promise<number> {
      let written = 0;
      for (const { kind, pk } of ownerPartitions(orgId, ownerId)) {
        const items = await queryAll(db, {
          IndexName: "byOwner",
          KeyConditionExpression: "gsi2pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
          ProjectionExpression: "pk, sk, ownerManagerId",
        });
        const stale = items.filter((i) => i.ownerManagerId === undefined || i.ownerManagerId !== managerId);
        for (let i = 0; i < stale.length; i += 25) {
          const done = await Promise.all(stale.slice(i, i + 25).map((item) => refile(db, { pk: item.pk as string, sk: item.sk as string }, { orgId, kind, ownerId, managerId })));
          written += done.filter(Boolean).length;
        }
      }
      return written;
    },
  };
}

async function refile(db: Db, k: { pk: string; sk: string }, t: { orgId: string; kind: TeamKind; ownerId: string; managerId: string | null }): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: k,
        UpdateExpression: t.managerId ? "SET ownerManagerId = :m, gsi6pk = :t, version = version + :one" : "SET ownerManagerId = :m, version = version + :one REMOVE gsi6pk",
        ConditionExpression: "ownerId = :owner",
        ExpressionAttributeValues: {
          ":m": t.managerId,
          ":owner": t.ownerId,
          ":one": 1,
          ...(t.managerId ? { ":t": partition.team(t.orgId, t.managerId, t.kind) } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
