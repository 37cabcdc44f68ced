import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key } from "./keys";
import type { LabeledWrite } from "./transact";

/** What a quote holds, by id; `complete` once every send and change request of it is in the sets. */
export interface QuoteChildren {
  sendIds: string[];
  changeRequestIds: string[];
  complete: boolean;
}

type Kind = "SEND" | "CHANGES";
const ATTRIBUTES = { SEND: "sendIds", CHANGES: "changeRequestIds" } as const;
const ids = (value: unknown) => [...((value as Set<string> | undefined) ?? [])];

/**
 * A quote's send and change-request ids in one item beside it (pk QUOTE#id, sk CHILDREN, string sets), so
 * the sends of a page of quotes are one BatchGetItem of these and one of the sends, not a query per quote.
 * Ids are only ever added (set union), so adding and backfilling commute: a quote created since this item
 * exists starts complete and empty; an older quote's item is completed from its partition the first time
 * it is read (see core/quote-children-loaders.ts). Same scheme as store/deal-children.ts.
 */
export function quoteChildrenStore(db: Db) {
  return {
    /** For a new quote's transaction: nothing yet, and known to be complete. */
    createWrite: (quoteId: string): LabeledWrite => ({
      label: "quoteChildren",
      item: {
        Update: {
          TableName: db.table,
          Key: key.quoteChildren(quoteId),
          UpdateExpression: "SET complete = :true, #t = :t",
          ExpressionAttributeNames: { "#t": "_type" },
          ExpressionAttributeValues: { ":true": true, ":t": "QuoteChildren" },
        },
      },
    }),

    /** For a send's or change request's creating transaction. */
    addWrite: (kind: Kind, quoteId: string, id: string): LabeledWrite => ({
      label: "quoteChildren",
      item: {
        Update: {
          TableName: db.table,
          Key: key.quoteChildren(quoteId),
          UpdateExpression: "ADD #ids :id",
          ExpressionAttributeNames: { "#ids": ATTRIBUTES[kind] },
          ExpressionAttributeValues: { ":id": new Set([id]) },
        },
      },
    }),

    /** By quote id, in one call per 100 quotes, read consistently (a send just made shows); null: no item (an older quote). */
    async getMany(quoteIds: readonly string[]): Promise<(QuoteChildren | null)[]> {
      const items = await batchGet(db, quoteIds.map(key.quoteChildren), { consistent: true });
      return items.map((i) => (i ? { sendIds: ids(i.sendIds), changeRequestIds: ids(i.changeRequestIds), complete: i.complete === true } : null));
    },

    /** Completes an older quote's item with what its partition holds (once; later reads need no query). */
    async complete(quoteId: string, children: Omit<QuoteChildren, "complete">): Promise<void> {
      const sets = (Object.values(ATTRIBUTES) as (keyof typeof children)[]).map((a) => [a, children[a]] as const).filter(([, v]) => v.length);
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.quoteChildren(quoteId),
          UpdateExpression: `SET complete = :true, #t = :t${sets.length ? ` ADD ${sets.map(([a]) => `${a} :${a}`).join(", ")}` : ""}`,
          ExpressionAttributeNames: { "#t": "_type" },
          ExpressionAttributeValues: { ":true": true, ":t": "QuoteChildren", ...Object.fromEntries(sets.map(([a, v]) => [`:${a}`, new Set(v)])) },
        }),
      );
    },
  };
}
