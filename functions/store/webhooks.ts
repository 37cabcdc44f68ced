import { createHash } from "node:crypto";
import { GetCommand, QueryCommand, UpdateCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import type { Webhook, WebhookDelivery, DeliveryAttempt } from "../core/webhook/model";
import { activityWrite } from "./activities";
import type { Db } from "./client";
import { dueJobStore } from "./due-jobs";
import { eventsCommitted } from "./webhook-events";
import { key, partition, stripKeys } from "./keys";
import { mergedPage, type Page } from "./page";
import { isConditionFailure, type LabeledWrite, transact, versionedPut } from "./transact";
import { ttlAfter } from "./ttl";

/** Due-job kind of a delivery's next attempt (byDueTime: the dispatcher reads only what is due). */
export const WEBHOOK_DELIVERY_JOB = "WEBHOOK_DELIVERY";
const deliveryRef = (webhookId: string, deliveryId: string) => `${webhookId}/${deliveryId}`;

const webhookItem = (w: Webhook) => ({ ...key.webhook(w.id), _type: "Webhook", ...w, gsi1pk: partition.orgWebhooks(w.orgId), gsi1sk: `${w.createdAt}#${w.id}` });
const urlKey = (orgId: string, url: string) => key.webhookUrl(orgId, createHash("sha256").update(url).digest("hex"));
/** Label of the URL claim's write: a failed condition on it means another endpoint of the organization has the URL. */
export const WEBHOOK_URL_TAKEN = "webhookUrl";
const deliveryItem = (d: WebhookDelivery) => ({ ...key.webhookDelivery(d.webhookId, d.id), _type: "WebhookDelivery", ttl: ttlAfter(d.createdAt), ...d });

/**
 * Endpoints (one item each, on byOrg under the organization's webhooks) and their deliveries (in the
 * endpoint's partition, newest first by their time-ordered ids). A delivery's next attempt is a due
 * job; a delivery's attempt is taken by a claim, so two dispatchers never send it at once.
 */
export function webhookStore(db: Db) {
  const dueJobs = dueJobStore(db);
  const scheduleWrite = (d: WebhookDelivery, at: string) =>
    dueJobs.scheduleWrite({ kind: WEBHOOK_DELIVERY_JOB, ref: deliveryRef(d.webhookId, d.id), orgId: d.orgId, dueAt: at, data: { webhookId: d.webhookId, deliveryId: d.id } });
  return {
    /** Something is due now (a replay): the local server's dispatcher runs (AWS: the next minute's). */
    kick: () => eventsCommitted(db),

    /**
     * Writes the endpoint; with a URL new to it (`prevUrl`: null at creation, the old URL on a change)
     * its claim on the URL in the same transaction, so two endpoints of one organization never share
     * a URL even when registered at the same moment (`ConditionFailedError` labelled WEBHOOK_URL_TAKEN).
     */
    /** The endpoint, its URL claim when the URL changes, and `audit` (who did it, on the organization's timeline) together. */
    async save(next: Webhook, prevVersion: number | null, prevUrl: string | null | undefined, audit: Activity): Promise<void> {
      const writes: LabeledWrite[] = [versionedPut(db, "webhook", webhookItem(next), prevVersion), activityWrite(db, audit)];
      if (prevUrl !== undefined && prevUrl !== next.url) {
        writes.push({
          label: WEBHOOK_URL_TAKEN,
          item: { Put: { TableName: db.table, Item: { ...urlKey(next.orgId, next.url), _type: "WebhookUrl", webhookId: next.id }, ConditionExpression: "attribute_not_exists(pk)" } },
        });
        if (prevUrl) writes.push({ label: "webhookOldUrl", item: { Delete: { TableName: db.table, Key: urlKey(next.orgId, prevUrl) } } });
      }
      await transact(db, writes);
    },

    async get(id: string): Promise<Webhook | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.webhook(id), ConsistentRead: true }));
      return out.Item ? stripKeys<Webhook>(out.Item) : null;
    },

    /** The organization's endpoints, oldest first (an organization has a handful). */
    async listByOrg(orgId: string): Promise<Webhook[]> {
      const out: Webhook[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.doc.send(
          new QueryCommand({ TableName: db.table, IndexName: "byOrg", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": partition.orgWebhooks(orgId) }, ExclusiveStartKey: start }),
        );
        out.push(...(page.Items ?? []).map((i) => stripKeys<Webhook>(i)));
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    },

    /** The endpoint goes; its deliveries stay readable until their TTL, and are no longer attempted (the dispatcher finds no endpoint). */
    async remove(w: Webhook, audit: Activity): Promise<void> {
      await transact(db, [
        { label: "webhook", item: { Delete: { TableName: db.table, Key: key.webhook(w.id) } } },
        { label: "webhookOldUrl", item: { Delete: { TableName: db.table, Key: urlKey(w.orgId, w.url) } } },
        activityWrite(db, audit),
      ]);
    },

    /** A new delivery and its first attempt's due job; a delivery already there (the fan-out ran twice) is left as it is. */
    deliveryWrites: (d: WebhookDelivery): LabeledWrite[] => [
      { label: `delivery:${d.webhookId}`, item: { Put: { TableName: db.table, Item: deliveryItem(d), ConditionExpression: "attribute_not_exists(pk)" } } },
      scheduleWrite(d, d.nextAttemptAt ?? d.createdAt),
    ],

    async createDelivery(d: WebhookDelivery): Promise<void> {
      await transact(db, webhookStore(db).deliveryWrites(d));
    },

    async getDelivery(webhookId: string, id: string): Promise<WebhookDelivery | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.webhookDelivery(webhookId, id), ConsistentRead: true }));
      return out.Item ? stripKeys<WebhookDelivery>(out.Item) : null;
    },

    async deliveries(webhookId: string, opts: { first: number; after?: string | null }): Promise<Page<WebhookDelivery>> {
      const page = await mergedPage(db, { index: null, partitions: [key.webhook(webhookId).pk], sortKeyPrefix: "DLV#", first: opts.first, after: opts.after });
      return { ...page, items: page.items.map((i) => stripKeys<WebhookDelivery>(i)) };
    },

    /**
     * Takes the delivery's next attempt: true for exactly one caller while the claim lasts (a
     * dispatcher that stopped mid-attempt leaves it to the next one after `until`).
     */
    async claim(d: WebhookDelivery, now: string, until: string): Promise<boolean> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.webhookDelivery(d.webhookId, d.id),
            UpdateExpression: "SET claimedUntil = :until",
            ConditionExpression: "#s = :pending AND attempts = :n AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":until": until, ":pending": "PENDING", ":n": d.attempts, ":now": now },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Fails a delivery under `claimedUntil` without an attempt (its endpoint is off or gone): attempts and their log stay as they were. */
    async abandon(d: WebhookDelivery, claimedUntil: string, at: string, error: string): Promise<boolean> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.webhookDelivery(d.webhookId, d.id),
            UpdateExpression: "SET #s = :failed, nextAttemptAt = :null, lastError = :err, finishedAt = :at REMOVE claimedUntil",
            ConditionExpression: "claimedUntil = :claim AND attempts = :n",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":failed": "FAILED", ":null": null, ":err": error, ":at": at, ":claim": claimedUntil, ":n": d.attempts },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Records the attempt made under `claimedUntil`: delivered, failed for good, or due again at `nextAttemptAt`. */
    async recordAttempt(d: WebhookDelivery, claimedUntil: string, a: DeliveryAttempt, outcome: { status: WebhookDelivery["status"]; nextAttemptAt: string | null }): Promise<boolean> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.webhookDelivery(d.webhookId, d.id),
            UpdateExpression:
              "SET attempts = :n, attemptLog = list_append(if_not_exists(attemptLog, :empty), :a), #s = :status, nextAttemptAt = :next, lastStatusCode = :code, lastError = :err, responseSnippet = :snip, finishedAt = :fin REMOVE claimedUntil",
            ConditionExpression: "claimedUntil = :claim AND attempts = :prev",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: {
              ":n": d.attempts + 1,
              ":prev": d.attempts,
              ":empty": [],
              ":a": [a],
              ":status": outcome.status,
              ":next": outcome.nextAttemptAt,
              ":code": a.statusCode,
              ":err": a.error,
              ":snip": a.responseSnippet,
              ":fin": outcome.status === "PENDING" ? null : a.at,
              ":claim": claimedUntil,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
