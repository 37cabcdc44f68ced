import { QueryCommand, UpdateCommand } from "./dynamo";
import type { QuoteSend } from "../core/quote-delivery/model";
import type { Db } from "./client";
import type { LabeledWrite } from "./transact";
import { key, partition, RELEASE_SHARDS, releaseShardOf } from "./keys";
import { queryAll } from "./query-all";

/**
 * Two indexes over quote sends, so neither the follow-up sweep nor the acceptance rate scans:
 * - byDueTime (QUOTE_FOLLOW_UP#shard): each send awaiting an answer, by organization and the time
 *   SES took it; the sweep asks per organization for those older than now − its hours, and the
 *   entry leaves the index once the send is reminded or needs no reminder.
 * - byOrg (org#QUOTES_SENT#month): one marker per quote, its first send SES took, by month.
 */
export const FOLLOW_UP_SHARDS = RELEASE_SHARDS;
const dueKey = (orgId: string, anchor = "") => `O#${orgId}#${anchor}`;

/** The index attributes a send gets when it is marked SENT (`at`: when SES took it). */
export const followUpIndexKeys = (s: Pick<QuoteSend, "id" | "orgId">, at: string) => ({
  gsi3pk: partition.quoteFollowUpShard(releaseShardOf(s.id)),
  gsi3sk: `${dueKey(s.orgId, at)}#${s.id}`,
});

export interface FirstSend {
  orgId: string;
  quoteId: string;
  sendId: string;
  /** When SES took it. */
  sentAt: string;
  /** The quote's first human view and its acceptance, through any of its sends (kept on the marker as they happen). */
  firstHumanViewAt?: string | null;
  acceptedAt?: string | null;
}

export function quoteSendIndexStore(db: Db) {
  return {
    /** Sends of one organization, in one shard, that SES took before `before`: (quote id, send id). */
    async dueForFollowUp(shard: number, due: { orgId: string; before: string }, limit: number): Promise<{ quoteId: string; id: string }[]> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: "byDueTime",
          KeyConditionExpression: "gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to",
          ExpressionAttributeValues: { ":pk": partition.quoteFollowUpShard(shard), ":from": dueKey(due.orgId), ":to": dueKey(due.orgId, due.before) },
          ProjectionExpression: "quoteId, id",
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((i) => ({ quoteId: i.quoteId as string, id: i.id as string }));
    },

    /** Takes the send out of the follow-up index; `remindedAt` when its reminder went out. */
    async leaveFollowUp(s: Pick<QuoteSend, "quoteId" | "id">, remindedAt: string | null): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.quoteSend(s.quoteId, s.id),
          UpdateExpression: `${remindedAt ? "SET followUpRemindedAt = if_not_exists(followUpRemindedAt, :at) " : ""}REMOVE gsi3pk, gsi3sk`,
          ConditionExpression: "attribute_exists(pk)",
          ...(remindedAt ? { ExpressionAttributeValues: { ":at": remindedAt } } : {}),
        }),
      );
    },

    /**
     * Records the quote's first send, once: a later send (or this one again on a retry) changes nothing.
     * Field by field (`if_not_exists`), so a view or acceptance recorded on the marker first is kept.
     */
    async recordFirstSend(f: FirstSend, month: string): Promise<void> {
      const fields = { _type: "QuoteFirstSend", orgId: f.orgId, quoteId: f.quoteId, sendId: f.sendId, sentAt: f.sentAt, gsi1pk: partition.quotesFirstSent(f.orgId, month), gsi1sk: `${f.sentAt}#${f.quoteId}` };
      const names = Object.keys(fields);
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.quoteFirstSend(f.quoteId),
          UpdateExpression: `SET ${names.map((_, i) => `#f${i} = if_not_exists(#f${i}, :v${i})`).join(", ")}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
          ExpressionAttributeValues: Object.fromEntries(Object.values(fields).map((v, i) => [`:v${i}`, v])),
        }),
      );
    },

    /**
     * Keeps the quote's first human view or acceptance on its first-send marker, written with the
     * event, so the acceptance rate reads the markers alone. A quote sent before markers existed gets
     * a bare item no index lists.
     */
    outcomeWrite: (quoteId: string, field: "firstHumanViewAt" | "acceptedAt", at: string): LabeledWrite => ({
      label: "firstSend",
      item: {
        Update: {
          TableName: db.table,
          Key: key.quoteFirstSend(quoteId),
          UpdateExpression: "SET #f = if_not_exists(#f, :at)",
          ExpressionAttributeNames: { "#f": field },
          ExpressionAttributeValues: { ":at": at },
        },
      },
    }),

    /**
     * The acceptance and the view it implies (the customer accepted through the page) on the marker
     * at once: a transaction takes one write per item.
     */
    acceptanceWithViewWrite: (quoteId: string, at: string): LabeledWrite => ({
      label: "firstSend",
      item: {
        Update: {
          TableName: db.table,
          Key: key.quoteFirstSend(quoteId),
          UpdateExpression: "SET firstHumanViewAt = if_not_exists(firstHumanViewAt, :at), acceptedAt = if_not_exists(acceptedAt, :at)",
          ExpressionAttributeValues: { ":at": at },
        },
      },
    }),

    /** Quotes whose first send fell in one of these months. */
    async firstSendsIn(orgId: string, months: string[]): Promise<FirstSend[]> {
      const pages = await Promise.all(
        months.map((m) => queryAll(db, { IndexName: "byOrg", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": partition.quotesFirstSent(orgId, m) } })),
      );
      return pages.flat().map((i) => ({
        orgId: i.orgId as string,
        quoteId: i.quoteId as string,
        sendId: i.sendId as string,
        sentAt: i.sentAt as string,
        firstHumanViewAt: (i.firstHumanViewAt as string | undefined) ?? null,
        acceptedAt: (i.acceptedAt as string | undefined) ?? null,
      }));
    },

    /** Whether someone (not the system) wrote an activity on this subject partition after `after`. */
    async personActedSince(subjectPk: string, after: string): Promise<boolean> {
      const items = await queryAll(db, {
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        FilterExpression: "attribute_type(actorId, :s) AND #k <> :private",
        ExpressionAttributeNames: { "#k": "kind" },
        ExpressionAttributeValues: { ":pk": subjectPk, ":from": `ACT#${after}#~`, ":to": "ACT#~", ":s": "S", ":private": "PRIVATE_NOTE" },
        ProjectionExpression: "id",
      });
      return items.length > 0;
    },
  };
}
