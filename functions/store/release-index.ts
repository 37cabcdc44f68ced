import { QueryCommand } from "./dynamo";
import { releaseAnchor } from "../core/customer/release";
import type { Customer, Tier } from "../core/customer/model";
import type { Db } from "./client";
import { partition, releaseShardOf } from "./keys";

/**
 * The pool's due-date index (byDueTime, RELEASE#shard partitions) holds each held customer by
 * organization, tier and the instant its countdown runs from (`releaseAnchor`), not by its release
 * time: the days per tier can then change without rewriting a single entry, and the sweep asks per
 * tier for the anchors older than today − N. The fixed "O#" sorts these apart from entries written
 * when the index held the release time itself (those start with a digit, up to LEGACY_END).
 */
const dueKey = (orgId: string, tier: Tier, anchor = "") => `O#${orgId}#${tier}#${anchor}`;
const LEGACY_END = "A";

/** The index attributes of a customer's item; none while it is in the pool (a sparse index). */
export function releaseIndexKeys(c: Customer): { gsi3pk?: string; gsi3sk?: string } {
  const anchor = releaseAnchor(c);
  return anchor ? { gsi3pk: partition.releaseShard(releaseShardOf(c.id)), gsi3sk: `${dueKey(c.orgId, c.tier, anchor)}#${c.id}` } : {};
}

/** Held customers of one organization and tier whose countdown began before `before`. */
export function dueForRelease(db: Db, shard: number, due: { orgId: string; tier: Tier; before: string }, limit: number): Promise<string[]> {
  return idsBetween(db, shard, dueKey(due.orgId, due.tier), dueKey(due.orgId, due.tier, due.before), limit);
}

export function legacyDue(db: Db, shard: number, limit: number): Promise<string[]> {
  return idsBetween(db, shard, "0", LEGACY_END, limit);
}

/** Ids in one shard between two sort keys; an entry at exactly `to` is left out by its "#id" suffix. */
async function idsBetween(db: Db, shard: number, from: string, to: string, limit: number): Promise<string[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: "byDueTime",
      KeyConditionExpression: "gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to",
      ExpressionAttributeValues: { ":pk": partition.releaseShard(shard), ":from": from, ":to": to },
      ProjectionExpression: "id",
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => i.id as string);
}
