import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key } from "./keys";
import type { LabeledWrite } from "./transact";

/** What a deal holds, by id; `complete` once every quote and contract of it is in the sets. */
export interface DealChildren {
  quoteIds: string[];
  contractIds: string[];
  evidenceIds: string[];
  complete: boolean;
}

type Kind = "QUOTE" | "CONTRACT" | "EVIDENCE";
const ATTRIBUTES = { QUOTE: "quoteIds", CONTRACT: "contractIds", EVIDENCE: "evidenceIds" } as const;
const attribute = (kind: Kind) => ATTRIBUTES[kind];
const ids = (value: unknown) => [...((value as Set<string> | undefined) ?? [])];

/**
 * A deal's quote, contract and evidence ids in one item beside it (pk OPP#id, sk CHILDREN, string sets), so the
 * quotes of a page of deals are one BatchGetItem of these and one of the quotes, not a query per deal.
 * Ids are only ever added (set union), so adding and backfilling commute: a deal created since this item
 * exists starts complete and empty; an older deal's item is completed from its byParent partitions the
 * first time it is read (see core/quote/children.ts).
 */
export function dealChildrenStore(db: Db) {
  return {
    /** For a new deal's transaction: nothing yet, and known to be complete. */
    createWrite: (opportunityId: string): LabeledWrite => ({
      label: "dealChildren",
      item: {
        Update: {
          TableName: db.table,
          Key: key.dealChildren(opportunityId),
          UpdateExpression: "SET complete = :true, #t = :t",
          ExpressionAttributeNames: { "#t": "_type" },
          ExpressionAttributeValues: { ":true": true, ":t": "DealChildren" },
        },
      },
    }),

    /** For a quote's or contract's creating transaction. */
    addWrite: (kind: Kind, opportunityId: string, id: string): LabeledWrite => ({
      label: "dealChildren",
      item: {
        Update: {
          TableName: db.table,
          Key: key.dealChildren(opportunityId),
          UpdateExpression: "ADD #ids :id",
          ExpressionAttributeNames: { "#ids": attribute(kind) },
          ExpressionAttributeValues: { ":id": new Set([id]) },
        },
      },
    }),

    /** By deal id, in one call per 100 deals; null: no item (a deal from before the item existed). */
    async getMany(opportunityIds: readonly string[]): Promise<(DealChildren | null)[]> {
      const items = await batchGet(db, opportunityIds.map(key.dealChildren));
      return items.map((i) => (i ? { quoteIds: ids(i.quoteIds), contractIds: ids(i.contractIds), evidenceIds: ids(i.evidenceIds), complete: i.complete === true } : null));
    },

    /** Completes an older deal's item with what its partitions hold (once; later reads need no query). */
    async complete(opportunityId: string, children: Omit<DealChildren, "complete">): Promise<void> {
      const sets = (Object.keys(ATTRIBUTES) as Kind[]).map((k) => [ATTRIBUTES[k], children[ATTRIBUTES[k]]] as const).filter(([, v]) => v.length);
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.dealChildren(opportunityId),
          UpdateExpression: `SET complete = :true, #t = :t${sets.length ? ` ADD ${sets.map(([a]) => `${a} :${a}`).join(", ")}` : ""}`,
          ExpressionAttributeNames: { "#t": "_type" },
          ExpressionAttributeValues: { ":true": true, ":t": "DealChildren", ...Object.fromEntries(sets.map(([a, v]) => [`:${a}`, new Set(v)])) },
        }),
      );
    },
  };
}
