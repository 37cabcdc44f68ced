import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { QuoteAcceptance, QuoteChangeRequest } from "../core/quote-response/model";
import type { Db } from "./client";
import { key, stripKeys } from "./keys";
import { queryAll } from "./query-all";
import type { LabeledWrite } from "./transact";

/** The customer's answers to a quote, in the quote's partition: acceptances (one per revision) and change requests. */
export function quoteResponseStore(db: Db) {
  const inQuote = async <T>(quoteId: string, prefix: string) =>
    (await queryAll(db, { KeyConditionExpression: "pk = :pk AND begins_with(sk, :s)", ExpressionAttributeValues: { ":pk": key.quote(quoteId).pk, ":s": prefix } })).map((i) => stripKeys<T>(i));

  return {
    async acceptance(quoteId: string, revision: number): Promise<QuoteAcceptance | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.quoteAcceptance(quoteId, revision), ConsistentRead: true }));
      return out.Item ? stripKeys<QuoteAcceptance>(out.Item) : null;
    },

    /** Oldest revision first. */
    acceptances: (quoteId: string) => inQuote<QuoteAcceptance>(quoteId, "ACCEPT#"),

    /** Oldest first. */
    async changeRequests(quoteId: string): Promise<QuoteChangeRequest[]> {
      return (await inQuote<QuoteChangeRequest>(quoteId, "CHANGES#")).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id));
    },

    /** Fails (label "acceptance") when the revision was accepted already: one acceptance per revision. */
    acceptanceWrite: (a: QuoteAcceptance): LabeledWrite => ({
      label: "acceptance",
      item: { Put: { TableName: db.table, Item: { ...key.quoteAcceptance(a.quoteId, a.revision), _type: "QuoteAcceptance", ...a }, ConditionExpression: "attribute_not_exists(pk)" } },
    }),

    /** Fails (label "changeRequest") when the same request was recorded already. */
    changeRequestWrite: (r: QuoteChangeRequest): LabeledWrite => ({
      label: "changeRequest",
      item: { Put: { TableName: db.table, Item: { ...key.quoteChangeRequest(r.quoteId, r.id), _type: "QuoteChangeRequest", ...r }, ConditionExpression: "attribute_not_exists(pk)" } },
    }),

    /** The send's first answer (and acceptance): set once, never moved later. */
    sendAnsweredWrite: (quoteId: string, sendId: string, at: string, accepted: boolean): LabeledWrite => ({
      label: "send",
      item: {
        Update: {
          TableName: db.table,
          Key: key.quoteSend(quoteId, sendId),
          UpdateExpression: `SET respondedAt = if_not_exists(respondedAt, :at)${accepted ? ", acceptedAt = if_not_exists(acceptedAt, :at)" : ""}`,
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":at": at },
        },
      },
    }),
  };
}
