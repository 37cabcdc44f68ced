import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "./dynamo";
import type { QuoteSend } from "../core/quote-delivery/model";
import type { Db } from "./client";
import { key, stripKeys } from "./keys";
import { followUpIndexKeys } from "./quote-send-index";
import { queryAll } from "./query-all";
import { batchGet } from "./batch";
import { quoteChildrenStore } from "./quote-children";
import { ConditionFailedError, isConditionFailure, type LabeledWrite, transact } from "./transact";
import { webhookEventWrite } from "./webhook-events";

/** Sparse byParent entry on a sent send: SES's events name only the message id. */
const sesMessagePartition = (messageId: string) => `SESMSG#${messageId}`;

/** What an SES event may move a send on from: a repeated or late event changes nothing. */
const MOVES_FROM: Record<"DELIVERED" | "BOUNCED" | "COMPLAINED", string[]> = { DELIVERED: ["SENT"], BOUNCED: ["SENT", "DELIVERED"], COMPLAINED: ["SENT", "DELIVERED"] };

export interface SesOutcome {
  status: "DELIVERED" | "BOUNCED" | "COMPLAINED";
  eventAt: string;
  bounceType?: string | null;
  recipients?: string[];
}


/** A quote's sends, each an item in the quote's partition written once and then only moved on in status. */
export function quoteSendStore(db: Db) {
  const get = async (quoteId: string, id: string): Promise<QuoteSend | null> => {
    const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.quoteSend(quoteId, id), ConsistentRead: true }));
    return out.Item ? stripKeys<QuoteSend>(out.Item) : null;
  };

  return {
    get,

    /** Oldest first. */
    async forQuote(quoteId: string): Promise<QuoteSend[]> {
      const items = await queryAll(db, { KeyConditionExpression: "pk = :pk AND begins_with(sk, :s)", ExpressionAttributeValues: { ":pk": key.quote(quoteId).pk, ":s": "SEND#" } });
      return items.map((i) => stripKeys<QuoteSend>(i)).sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id));
    },

    /** By key (quote, send), in one call per 100; null where missing. */
    async getMany(refs: readonly { quoteId: string; id: string }[]): Promise<(QuoteSend | null)[]> {
      return (await batchGet(db, refs.map((r) => key.quoteSend(r.quoteId, r.id)))).map((i) => (i ? stripKeys<QuoteSend>(i) : null));
    },

    /** Records a new send; returns null when it is new, or the send already recorded under its id. */
    async create(s: QuoteSend): Promise<QuoteSend | null> {
      // With its id in the quote's children item, so a page of quotes finds its sends without a query each.
      const put: LabeledWrite = {
        label: "send",
        item: { Put: { TableName: db.table, Item: { ...key.quoteSend(s.quoteId, s.id), _type: "QuoteSend", ...s }, ConditionExpression: "attribute_not_exists(pk)" } },
      };
      try {
        await transact(db, [put, quoteChildrenStore(db).addWrite("SEND", s.quoteId, s.id)]);
        return null;
      } catch (error) {
        if (!(error instanceof ConditionFailedError && error.failed.includes("send"))) throw error;
        return get(s.quoteId, s.id);
      }
    },

    /**
     * Takes the right to send a SENDING send nobody holds (or whose holder took it before `staleBefore`):
     * true for one caller, whose email carries the view link with `viewHash` (an earlier one opens nothing).
     */
    async claim(s: QuoteSend, at: string, staleBefore: string, viewHash: string): Promise<boolean> {
      await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...key.quoteView(viewHash), _type: "QuoteView", quoteId: s.quoteId, sendId: s.id } }));
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.quoteSend(s.quoteId, s.id),
            UpdateExpression: "SET claimedAt = :at, viewHash = :h",
            ConditionExpression: "#s = :sending AND (attribute_type(claimedAt, :null) OR claimedAt < :stale)",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":at": at, ":h": viewHash, ":sending": "SENDING", ":null": "NULL", ":stale": staleBefore },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Gives the claim back (SES refused the email): the next attempt sends at once. */
    async release(s: QuoteSend): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.quoteSend(s.quoteId, s.id),
          UpdateExpression: "SET claimedAt = :null",
          ConditionExpression: "#s = :sending",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":null": null, ":sending": "SENDING" },
        }),
      );
    },

    /** The send a view link opens: null when unknown, or replaced by the link of a later attempt. */
    async byViewHash(viewHash: string): Promise<QuoteSend | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.quoteView(viewHash) }));
      if (!out.Item) return null;
      const send = await get(out.Item.quoteId as string, out.Item.sendId as string);
      return send?.viewHash === viewHash ? send : null;
    },

    /** A human visit through the send's link began (read tracking): counted, and the first one kept; written with the visit. */
    humanVisitWrite(s: Pick<QuoteSend, "quoteId" | "id">, at: string): LabeledWrite {
      return {
        label: "send",
        item: {
          Update: {
            TableName: db.table,
            Key: key.quoteSend(s.quoteId, s.id),
            UpdateExpression:
              "SET #v = if_not_exists(#v, :zero) + :one, lastViewedAt = :at, firstViewedAt = if_not_exists(firstViewedAt, :at), firstHumanViewAt = if_not_exists(firstHumanViewAt, :at)",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#v": "views" },
            ExpressionAttributeValues: { ":zero": 0, ":one": 1, ":at": at },
          },
        },
      };
    },

    /** SES took it: with the webhook event quote.sent in the same transaction (store/webhook-events.ts). */
    async markSent(s: QuoteSend, messageId: string, at: string): Promise<QuoteSend> {
      await transact(db, [
        {
          label: "send",
          item: {
            Update: {
              TableName: db.table,
              Key: key.quoteSend(s.quoteId, s.id),
              // Also due for the follow-up reminder from now on (byDueTime), until answered or reminded.
              UpdateExpression: "SET #s = :sent, messageId = :m, deliveredToSesAt = :at, claimedAt = :null, gsi4pk = :g, gsi4sk = :id, gsi3pk = :fp, gsi3sk = :fs",
              ExpressionAttributeNames: { "#s": "status" },
              ExpressionAttributeValues: {
                ":sent": "SENT",
                ":m": messageId,
                ":at": at,
                ":null": null,
                ":g": sesMessagePartition(messageId),
                ":id": s.id,
                ":fp": followUpIndexKeys(s, at).gsi3pk,
                ":fs": followUpIndexKeys(s, at).gsi3sk,
              },
            },
          },
        },
        webhookEventWrite({ id: `evt_${s.id}`, orgId: s.orgId, type: "quote.sent", occurredAt: at, subjectType: "QUOTE", subjectId: s.quoteId, change: { revision: s.revision } }),
      ]);
      return (await get(s.quoteId, s.id)) ?? { ...s, status: "SENT", messageId, deliveredToSesAt: at, claimedAt: null };
    },

    /** The send SES gave this message id; null for a message that is no quote's. */
    async bySesMessageId(messageId: string): Promise<QuoteSend | null> {
      const out = await db.doc.send(
        new QueryCommand({ TableName: db.table, IndexName: "byParent", KeyConditionExpression: "gsi4pk = :pk", ExpressionAttributeValues: { ":pk": sesMessagePartition(messageId) }, Limit: 1 }),
      );
      const item = out.Items?.[0];
      return item ? get(item.quoteId as string, item.id as string) : null;
    },

    /** Moves the send on as SES reported; false when it was there already or past it (nothing changed). */
    async recordSesOutcome(s: QuoteSend, o: SesOutcome): Promise<boolean> {
      const from = MOVES_FROM[o.status];
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.quoteSend(s.quoteId, s.id),
            UpdateExpression: `SET #s = :to, eventAt = :at${o.recipients ? ", bouncedRecipients = :r, bounceType = :bt" : ""}`,
            ConditionExpression: `#s IN (${from.map((_, i) => `:f${i}`).join(", ")})`,
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: {
              ":to": o.status,
              ":at": o.eventAt,
              ...(o.recipients ? { ":r": o.recipients, ":bt": o.bounceType ?? null } : {}),
              ...Object.fromEntries(from.map((f, i) => [`:f${i}`, f])),
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
