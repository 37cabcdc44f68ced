import { PutCommand, QueryCommand } from "./dynamo";
import type { SlaBreach } from "../core/sla/model";
import type { Db } from "./client";
import { stripKeys } from "./keys";
import { mergedPage, type Filter, type Page, type PartitionRange } from "./page";
import { isConditionFailure, type LabeledWrite } from "./transact";

/**
 * Follow-up SLA breaches. Access patterns:
 * | a deal's breaches (open ones resolved by a follow-up) | table: pk = SLA#oppId, sk = BREACH#deadline |
 * | an organization's breaches by deadline (GM/ADMIN)     | byOrg: gsi1pk = org#SLA_BREACH, gsi1sk = deadline#oppId |
 * | one owner's breaches by deadline (rep, a manager's team) | byOwner: gsi2pk = org#SLA_OWNER#ownerId, gsi2sk = deadline#oppId |
 */
const breachKey = (opportunityId: string, deadline: string) => ({ pk: `SLA#${opportunityId}`, sk: `BREACH#${deadline}` });
const orgPartition = (orgId: string) => `${orgId}#SLA_BREACH`;
const ownerPartition = (orgId: string, ownerId: string) => `${orgId}#SLA_OWNER#${ownerId}`;

export interface BreachQuery {
  orgId: string;
  /** "ALL", or these owners' partitions. */
  owners: string[] | "ALL";
  stage?: string | null;
  /** Deadlines from / before (ISO instants). */
  from?: string | null;
  to?: string | null;
  first: number;
  after?: string | null;
}

export function slaBreachStore(db: Db) {
  return {
    /** Records a breach once per deal and deadline; false when it was recorded already. */
    async record(b: SlaBreach): Promise<boolean> {
      const sk = `${b.deadline}#${b.opportunityId}`;
      try {
        await db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...breachKey(b.opportunityId, b.deadline), _type: "SlaBreach", gsi1pk: orgPartition(b.orgId), gsi1sk: sk, gsi2pk: ownerPartition(b.orgId, b.ownerId), gsi2sk: sk, ...b },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** A deal's breaches no follow-up has answered yet (one, usually none). */
    async open(opportunityId: string): Promise<SlaBreach[]> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          FilterExpression: "attribute_not_exists(resolvedAt) OR resolvedAt = :null",
          ExpressionAttributeValues: { ":pk": `SLA#${opportunityId}`, ":prefix": "BREACH#", ":null": null },
        }),
      );
      return (out.Items ?? []).map((i) => stripKeys<SlaBreach>(i));
    },

    /** For the follow-up's transaction: the breach answered at `at`. */
    resolveWrite: (b: Pick<SlaBreach, "opportunityId" | "deadline">, at: string): LabeledWrite => ({
      label: `sla-breach:${b.opportunityId}`,
      item: {
        Update: {
          TableName: db.table,
          Key: breachKey(b.opportunityId, b.deadline),
          UpdateExpression: "SET resolvedAt = :at",
          // Not conditional on being open: two follow-ups racing to answer it must not fail each other.
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":at": at },
        },
      },
    }),

    /** Latest deadline first; org-wide or for some owners, optionally one stage and a deadline range. */
    async page(q: BreachQuery): Promise<Page<SlaBreach>> {
      const range = (pk: string): PartitionRange => ({ pk, from: q.from ?? undefined, to: q.to ? `${q.to}` : undefined });
      const filter: Filter | undefined = q.stage ? { expression: "#stage = :stage", names: { "#stage": "stage" }, values: { ":stage": q.stage } } : undefined;
      const page = await mergedPage(db, {
        index: q.owners === "ALL" ? "byOrg" : "byOwner",
        partitions: q.owners === "ALL" ? [range(orgPartition(q.orgId))] : q.owners.map((o) => range(ownerPartition(q.orgId, o))),
        first: q.first,
        after: q.after,
        filter,
      });
      return { ...page, items: page.items.map((i) => stripKeys<SlaBreach>(i)) };
    },

    /** One owner's breaches not yet answered, with deadlines from `since` (the digest). */
    async openForOwner(orgId: string, ownerId: string, since: string): Promise<SlaBreach[]> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: "byOwner",
          KeyConditionExpression: "gsi2pk = :pk AND gsi2sk >= :since",
          FilterExpression: "attribute_not_exists(resolvedAt) OR resolvedAt = :null",
          ExpressionAttributeValues: { ":pk": ownerPartition(orgId, ownerId), ":since": since, ":null": null },
          Limit: 200,
        }),
      );
      return (out.Items ?? []).map((i) => stripKeys<SlaBreach>(i));
    },
  };
}
