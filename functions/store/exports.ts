import { GetCommand, UpdateCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import type { ExportRecord } from "../core/export/model";
import { activityWrite } from "./activities";
import type { Db } from "./client";
import { stripKeys } from "./keys";
import { mergedPage, type Page } from "./page";
import { isConditionFailure, transact } from "./transact";

/**
 * Exports (access patterns):
 * - a download link by its hash: pk EXPORT#<linkHash> (the table holds no usable link);
 * - an organization's exports, newest first, on byOrg: `<orgId>#EXPORT`, requestedAt#id (who exported what).
 * Kept a year past the link's expiry (TTL); the organization's timeline keeps its DATA_EXPORTED entry for good.
 */
const exportKey = (linkHash: string) => ({ pk: `EXPORT#${linkHash}`, sk: "EXPORT" });
const orgExports = (orgId: string) => `${orgId}#EXPORT`;
const KEEP_SECONDS = 366 * 86_400;

export function exportStore(db: Db) {
  return {
    /** The export with its audit entry, in one transaction. */
    async create(record: ExportRecord, activity: Activity): Promise<void> {
      const item = {
        ...exportKey(record.linkHash),
        gsi1pk: orgExports(record.orgId),
        gsi1sk: `${record.requestedAt}#${record.id}`,
        _type: "Export",
        ttl: Math.floor(Date.parse(record.expiresAt) / 1000) + KEEP_SECONDS,
        ...record,
      };
      await transact(db, [
        { label: "export", item: { Put: { TableName: db.table, Item: item, ConditionExpression: "attribute_not_exists(pk)" } } },
        activityWrite(db, activity),
      ]);
    },

    async byLinkHash(linkHash: string): Promise<ExportRecord | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: exportKey(linkHash), ConsistentRead: true }));
      return out.Item ? stripKeys<ExportRecord>(out.Item) : null;
    },

    /** Marks the link used, once: false when it already was (of two racing downloads one gets the file). */
    async markDownloaded(linkHash: string, at: string, from: string | null, now: string): Promise<boolean> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: exportKey(linkHash),
            UpdateExpression: "SET downloadedAt = :at, downloadedFrom = :from",
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(downloadedAt) AND expiresAt > :now",
            ExpressionAttributeValues: { ":at": at, ":from": from, ":now": now },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** An organization's exports, newest first. */
    async page(orgId: string, opts: { first: number; after?: string | null }): Promise<Page<ExportRecord>> {
      const page = await mergedPage(db, { index: "byOrg", partitions: [orgExports(orgId)], first: opts.first, after: opts.after });
      return { ...page, items: page.items.map((i) => stripKeys<ExportRecord>(i)) };
    },
  };
}
