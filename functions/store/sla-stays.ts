import { PutCommand, QueryCommand } from "./dynamo";
import { batchGet } from "./batch";
import type { Opportunity } from "../core/pipeline/model";
import type { Db } from "./client";
import { partition, stripKeys } from "./keys";

/**
 * Open deals of one organization and stage, a page at a time from the byStage index (open deals
 * only): what re-timing the stalled ladders and follow-up SLAs of an organization reads. And one
 * marker per organization saying its deals from before these jobs existed were given theirs.
 */
const backfillMarker = (orgId: string) => ({ pk: `BACKFILL#STAGE_JOBS#${orgId}`, sk: "BACKFILL" });

export function openStayStore(db: Db) {
  return {
    /** Which of these organizations had their open deals' stage jobs scheduled once already. */
    async backfilled(orgIds: string[]): Promise<boolean[]> {
      return (await batchGet(db, orgIds.map(backfillMarker))).map((i) => i !== null);
    },

    async markBackfilled(orgId: string, at: string): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...backfillMarker(orgId), _type: "Backfill", at } }));
    },

    async page(orgId: string, stage: string, cursor?: Record<string, unknown>): Promise<{ items: Opportunity[]; cursor?: Record<string, unknown> }> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: "byStage",
          KeyConditionExpression: "gsi5pk = :pk",
          ExpressionAttributeValues: { ":pk": partition.openStage(orgId, stage) },
          ExclusiveStartKey: cursor,
          Limit: 100,
        }),
      );
      return { items: (out.Items ?? []).map((i) => stripKeys<Opportunity>(i)), cursor: out.LastEvaluatedKey };
    },
  };
}
