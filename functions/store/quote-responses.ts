import { GetCommand } from "./dynamo";
import type { QuoteAcceptance, QuoteChangeRequest } from "../core/quote-response/model";
import type { Db } from "./client";
import { key, stripKeys } from "./keys";
import { batchGet } from "./batch";
import { quoteChildrenStore } from "./quote-children";
import { queryAll } from "./query-all";
import type { LabeledWrite } from "./transact";

/** The customer's answers to a quote, in the quote's partition: acceptances (one per revision) and change requests. */
export function quoteResponseStore(db: Db) {
  const inQuote = async <T>(quoteId: string, prefix: string, consistent = false) =>
    (
      await queryAll(db, { KeyConditionExpression: "pk = :pk AND begins_with(sk, :s)", ExpressionAttributeValues: { ":pk": key.quote(quoteId).pk, ":s": prefix }, ConsistentRead: consistent })
    ).map((i) => stripKeys<T>(i));

  return {
    async acceptance(quoteId: string, revision: number): Promise<QuoteAcceptance | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.quoteAcceptance(quoteId, revision), ConsistentRead: true }));
      return out.Item ? stripKeys<QuoteAcceptance>(out.Item) : null;
    },

    /** Oldest revision first. */
    acceptances: (quoteId: string) => inQuote<QuoteAcceptance>(quoteId, "ACCEPT#"),

    /** Oldest first; read consistently (the day's limit counts them). */
    async changeRequests(quoteId: string): Promise<QuoteChangeRequest[]> {
      return (await inQuote<QuoteChangeRequest>(quoteId, "CHANGES#", true)).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id));
    },

    /** Fails (label "acceptance") when the revision was accepted already: one acceptance per revision. */
    acceptanceWrite: (a: QuoteAcceptance): LabeledWrite => ({
      label: "acceptance",
      item: { Put: { TableName: db.table, Item: { ...key.quoteAcceptance(a.quoteId, a.revision), _type: "QuoteAcceptance", ...a }, ConditionExpression: "attribute_not_exists(pk)" } },
    }),

    /** Fails (label "changeRequest") when the same request was recorded already. With it, `changeRequestIdWrite`. */
    changeRequestWrite: (r: QuoteChangeRequest): LabeledWrite => ({
      label: "changeRequest",
      item: { Put: { TableName: db.table, Item: { ...key.quoteChangeRequest(r.quoteId, r.id), _type: "QuoteChangeRequest", ...r }, ConditionExpression: "attribute_not_exists(pk)" } },
    }),
    /** The request's id in the quote's children item (store/quote-children.ts), in the same transaction. */
    changeRequestIdWrite: (r: QuoteChangeRequest): LabeledWrite => quoteChildrenStore(db).addWrite("CHANGES", r.quoteId, r.id),

    /** By key (quote, id), in one call per 100, read consistently like `changeRequests`; null where missing. */
    async changeRequestsByIds(refs: readonly { quoteId: string; id: string }[]): Promise<(QuoteChangeRequest | null)[]> {
      return (await batchGet(db, refs.map((r) => key.quoteChangeRequest(r.quoteId, r.id)), { consistent: true })).map((i) => (i ? stripKeys<QuoteChangeRequest>(i) : null));
    },

    /** Each quote's latest acceptance (of any revision up to its current one): one BatchGetItem per 100 revisions. */
    async latestAcceptances(quotes: readonly { id: string; revision: number }[]): Promise<Map<string, QuoteAcceptance>> {
      const keys = quotes.flatMap((q) => Array.from({ length: q.revision }, (_, i) => key.quoteAcceptance(q.id, i + 1)));
      const out = new Map<string, QuoteAcceptance>();
      for (const item of await batchGet(db, keys)) {
        const a = item && stripKeys<QuoteAcceptance>(item);
        if (a && a.revision >= (out.get(a.quoteId)?.revision ?? 0)) out.set(a.quoteId, a);
      }
      return out;
    },

    /** How many change requests came through the send so far (its counter, read consistently). */
    async changeRequestsCounted(quoteId: string, sendId: string): Promise<number> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.quoteSend(quoteId, sendId), ProjectionExpression: "changeRequestCount", ConsistentRead: true }));
      return (out.Item?.changeRequestCount as number | undefined) ?? 0;
    },

    /**
     * The send's first answer (and acceptance): set once, never moved later. An answer through the
     * page means someone looked at it: the send's first view is set too, when none was recorded.
     * With `changesCounted` (a change request): fails (label "send") unless the send's counter is
     * still what was read, and counts this one, so requests racing past the day's limit judge again.
     */
    sendAnsweredWrite: (quoteId: string, sendId: string, at: string, accepted: boolean, changesCounted?: number): LabeledWrite => {
      const counted = changesCounted !== undefined;
      return {
        label: "send",
        item: {
          Update: {
            TableName: db.table,
            Key: key.quoteSend(quoteId, sendId),
            UpdateExpression: [
              "SET respondedAt = if_not_exists(respondedAt, :at)",
              "firstViewedAt = if_not_exists(firstViewedAt, :at)",
              "firstHumanViewAt = if_not_exists(firstHumanViewAt, :at)",
              ...(accepted ? ["acceptedAt = if_not_exists(acceptedAt, :at)"] : []),
              ...(counted ? ["changeRequestCount = :next"] : []),
            ].join(", "),
            ConditionExpression: `attribute_exists(pk)${counted ? (changesCounted ? " AND changeRequestCount = :seen" : " AND attribute_not_exists(changeRequestCount)") : ""}`,
            ExpressionAttributeValues: { ":at": at, ...(counted ? { ":next": changesCounted + 1, ...(changesCounted ? { ":seen": changesCounted } : {}) } : {}) },
          },
        },
      };
    },
  };
}
