import { GetCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import type { Customer, Tier } from "../core/customer/model";
import { activityWrite } from "./activities";
import { customerDealIdsStore } from "./customer-deals";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, partition, stripKeys } from "./keys";
import { queryAll } from "./query-all";
import { type Filter, mergedPage, type Page } from "./page";
import { dueForRelease, legacyDue, releaseIndexKeys } from "./release-index";
import { type Filed, teamAttributes, withoutTeam, withTeams } from "./team-keys";
import { type LabeledWrite, transact, versionedPut } from "./transact";

export function customerItem(c: Customer & Filed) {
  const { releaseAt: _noLongerStored, ...stored } = withoutTeam(c);
  return {
    ...key.customer(c.id),
    gsi1pk: partition.orgCustomers(c.orgId),
    gsi1sk: c.id,
    gsi2pk: partition.owner(c.orgId, c.ownerId),
    gsi2sk: c.id,
    ...releaseIndexKeys(c),
    _type: "Customer",
    ...stored,
    ...teamAttributes(c.orgId, "CUSTOMER", c.ownerId, c.ownerManagerId),
  };
}

export interface CustomerChange {
  prev: Customer | null;
  next: Customer;
  activity: Activity;
}

const uniqueKeys = (c: Customer) => [
  ...(c.creditCode ? [{ label: "creditCode", key: key.creditCode(c.orgId, c.creditCode) }] : []),
  { label: "name", key: key.customerName(c.orgId, c.nameKey) },
];

/** The writes for one customer: itself (if unchanged since read), its unique claims, its activity. */
function customerWrites(db: Db, { prev, next, activity }: CustomerChange): LabeledWrite[] {
  const writes: LabeledWrite[] = [versionedPut(db, `customer:${next.id}`, customerItem(next), prev?.version ?? null)];
  const before = new Map((prev ? uniqueKeys(prev) : []).map((u) => [u.key.pk, u]));
  const after = new Map(uniqueKeys(next).map((u) => [u.key.pk, u]));
  for (const [pk, u] of after) {
    if (before.has(pk)) continue;
    writes.push({
      label: u.label,
      item: {
        Put: {
          TableName: db.table,
          Item: { ...u.key, _type: "Unique", customerId: next.id },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    });
  }
  for (const [pk, u] of before) {
    if (!after.has(pk)) writes.push({ label: `release:${u.label}`, item: { Delete: { TableName: db.table, Key: u.key } } });
  }
  writes.push(activityWrite(db, activity));
  // A new customer's deal ids start known and empty (store/customer-deals.ts).
  if (!prev) writes.push(customerDealIdsStore(db).createWrite(next.id));
  return writes;
}

/**
 * Owner counters move with the customers in the same transaction, one write per user however many
 * customers change hands. An owner who gains customers must stay within `ownerLimit` when given.
 */
function ownerCountWrites(db: Db, changes: CustomerChange[], ownerLimit?: number): LabeledWrite[] {
  const delta = new Map<string, number>();
  for (const { prev, next } of changes) {
    if (prev?.ownerId === next.ownerId) continue;
    if (prev?.ownerId) delta.set(prev.ownerId, (delta.get(prev.ownerId) ?? 0) - 1);
    if (next.ownerId) delta.set(next.ownerId, (delta.get(next.ownerId) ?? 0) + 1);
  }
  return [...delta].flatMap(([userId, d]): LabeledWrite[] => {
    if (d === 0) return [];
    const limited = d > 0 && ownerLimit !== undefined;
    return [
      {
        label: `owner:${userId}`,
        item: {
          Update: {
            TableName: db.table,
            Key: key.user(userId),
            UpdateExpression: "ADD ownedCount :d",
            ConditionExpression: limited
              ? "attribute_exists(pk) AND (attribute_not_exists(ownedCount) OR ownedCount <= :max)"
              : "attribute_exists(pk)",
            ExpressionAttributeValues: { ":d": d, ...(limited ? { ":max": (ownerLimit as number) - d } : {}) },
          },
        },
      },
    ];
  });
}

export interface CustomerListFilter {
  tier?: Tier | null;
  region?: string | null;
  industry?: string | null;
  /** Normalized search words, each matched within the customer's search text (all of them, any order). */
  search?: string | readonly string[] | null;
  /** Only customers that have an owner (for org-wide lists that leave out the pool). */
  ownedOnly?: boolean;
}

function toFilter(f: CustomerListFilter): Filter | undefined {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const field of ["tier", "region", "industry"] as const) {
    if (!f[field]) continue;
    parts.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = f[field];
  }
  const words = typeof f.search === "string" ? [f.search] : (f.search ?? []);
  words.forEach((word, i) => {
    parts.push(`contains(#searchText, :search${i})`);
    names["#searchText"] = "searchText";
    values[`:search${i}`] = word;
  });
  if (f.ownedOnly) {
    parts.push("attribute_type(#ownerId, :string)");
    names["#ownerId"] = "ownerId";
    values[":string"] = "S";
  }
  return parts.length ? { expression: parts.join(" AND "), names, values } : undefined;
}

const teamPartition = (orgId: string, managerId: string) => ({ pk: partition.team(orgId, managerId, "CUSTOMER"), index: "byTeam" as const });

export function customerStore(db: Db) {
  return {
    async getMany(ids: readonly string[]): Promise<(Customer | null)[]> {
      const items = await batchGet(db, ids.map(key.customer));
      return items.map((i) => (i ? stripKeys<Customer>(i) : null));
    },

    /** Which customer holds a credit code or a normalized name in an organization. */
    async holderOf(orgId: string, kind: "creditCode" | "name", value: string): Promise<string | null> {
      const k = kind === "creditCode" ? key.creditCode(orgId, value) : key.customerName(orgId, value);
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: k }));
      return (out.Item?.customerId as string | undefined) ?? null;
    },

    /**
     * Saves customers all or nothing: each only if unchanged since it was read, with its uniqueness
     * claims, activity and owner counters. Throws ConditionFailedError naming what did not hold:
     * `customer:<id>`, `creditCode`, `name` or `owner:<userId>`.
     */
    async save(given: CustomerChange[], opts: { ownerLimit?: number; extra?: LabeledWrite[]; managers?: ReadonlyMap<string, string | null> } = {}): Promise<void> {
      const filed = await withTeams(db, given, opts.managers);
      const changes = given.map((c, i) => ({ ...c, next: filed[i] }));
      await transact(db, [...changes.flatMap((c) => customerWrites(db, c)), ...ownerCountWrites(db, changes, opts.ownerLimit), ...(opts.extra ?? [])]);
    },

    /** Writes the customer's item again as it is keyed now, unchanged (and only if unchanged since read). */
    async refile(c: Customer): Promise<void> {
      await transact(db, [versionedPut(db, `customer:${c.id}`, customerItem(c), c.version)]);
    },

    /**
     * A page of customers, newest first: org-wide, or the union of some owners' lists (null = pool)
     * and of some managers' direct reports' lists (`teams`, from byTeam).
     */
    async page(opts: {
      orgId: string;
      owners: (string | null)[] | "ALL";
      teams?: string[];
      /** More managers whose direct reports' lists join, known once the directory is read. */
      teamsBelow?: Promise<string[]>;
      filter: CustomerListFilter;
      first: number;
      after?: string | null;
    }): Promise<Page<Customer>> {
      const page = await mergedPage(db, {
        index: opts.owners === "ALL" ? "byOrg" : "byOwner",
        partitions:
          opts.owners === "ALL"
            ? [partition.orgCustomers(opts.orgId)]
            : [
                ...opts.owners.map((o) => partition.owner(opts.orgId, o)),
                ...(opts.teams ?? []).map((m) => teamPartition(opts.orgId, m)),
              ],
        joining: opts.teamsBelow?.then((ms) => ms.map((m) => teamPartition(opts.orgId, m))),
        first: opts.first,
        after: opts.after,
        filter: toFilter(opts.filter),
      });
      return { ...page, items: page.items.map((i) => stripKeys<Customer>(i)) };
    },

    /** Every customer one owner holds, whole (a person's digest: tens of customers, one partition of byOwner). */
    async heldBy(orgId: string, ownerId: string): Promise<Customer[]> {
      const items = await queryAll(db, { IndexName: "byOwner", KeyConditionExpression: "gsi2pk = :pk", ExpressionAttributeValues: { ":pk": partition.owner(orgId, ownerId) } });
      return items.map((i) => stripKeys<Customer>(i));
    },

    /** Every customer one owner holds (a hand-over reads them all). */
    async idsOwnedBy(orgId: string, ownerId: string): Promise<string[]> {
      const items = await queryAll(db, {
        IndexName: "byOwner",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": partition.owner(orgId, ownerId) },
        ProjectionExpression: "id",
      });
      return items.map((i) => i.id as string);
    },

    /**
     * Held customers of one organization and tier whose countdown began before `before`, from one
     * shard of the due-date index: cost grows with what is due, never with the table.
     */
    dueForRelease: (shard: number, due: { orgId: string; tier: Tier; before: string }, limit: number) => dueForRelease(db, shard, due, limit),

    /** Entries written when the index held the release time (before anchors): the sweep re-files them. */
    legacyDue: (shard: number, limit: number) => legacyDue(db, shard, limit),
  };
}
