import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, partition } from "./keys";
import { queryAll } from "./query-all";
import type { LabeledWrite } from "./transact";

/** A customer's deal ids; `complete` once every deal of it is in the set. */
export interface CustomerDealIds {
  opportunityIds: string[];
  complete: boolean;
}

const ids = (value: unknown) => [...((value as Set<string> | undefined) ?? [])];

/**
 * A customer's deal ids in one item beside it (pk CUSTOMER#id, sk DEALS, a string set), so the deals
 * of a page of customers are one BatchGetItem of these and one of the deals, not a query per customer.
 * As store/deal-children.ts does for a deal's quotes: ids are only ever added (set union), so adding
 * and completing commute. A customer created since this item exists starts complete and empty; an
 * older customer's item is completed from its byParent partition the first time it is read
 * (core/pipeline/customer-deals.ts). A deal never changes customer; were one to, the reader keeps
 * only deals that name the customer, so a stale id shows nothing.
 */
export function customerDealIdsStore(db: Db) {
  return {
    /** For a new customer's transaction: no deals yet, and known to be complete. */
    createWrite: (customerId: string): LabeledWrite => ({
      label: "customerDealIds",
      item: {
        Update: {
          TableName: db.table,
          Key: key.customerDealIds(customerId),
          UpdateExpression: "SET complete = :true, #t = :t",
          ExpressionAttributeNames: { "#t": "_type" },
          ExpressionAttributeValues: { ":true": true, ":t": "CustomerDealIds" },
        },
      },
    }),

    /** For the transaction that files deals under a customer (one write per customer: a transaction touches an item once). */
    addWrite: (customerId: string, opportunityIds: string[]): LabeledWrite => ({
      label: "customerDealIds",
      item: {
        Update: {
          TableName: db.table,
          Key: key.customerDealIds(customerId),
          UpdateExpression: "ADD opportunityIds :ids",
          ExpressionAttributeValues: { ":ids": new Set(opportunityIds) },
        },
      },
    }),

    /** By customer id, in one call per 100 customers; null: no item (a customer from before the item existed). */
    async getMany(customerIds: readonly string[]): Promise<(CustomerDealIds | null)[]> {
      const items = await batchGet(db, customerIds.map(key.customerDealIds));
      return items.map((i) => (i ? { opportunityIds: ids(i.opportunityIds), complete: i.complete === true } : null));
    },

    /** Every deal id the customer's byParent partition holds (for completing an older customer's item). */
    async filed(customerId: string): Promise<string[]> {
      const items = await queryAll(db, {
        IndexName: "byParent",
        KeyConditionExpression: "gsi4pk = :pk",
        ProjectionExpression: "#id",
        ExpressionAttributeNames: { "#id": "id" },
        ExpressionAttributeValues: { ":pk": partition.customerOpportunities(customerId) },
      });
      return items.map((i) => i.id as string);
    },

    /** Completes an older customer's item with its deals' ids (once; later reads need no query). */
    async complete(customerId: string, opportunityIds: string[]): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.customerDealIds(customerId),
          UpdateExpression: `SET complete = :true, #t = :t${opportunityIds.length ? " ADD opportunityIds :ids" : ""}`,
          ExpressionAttributeNames: { "#t": "_type" },
          ExpressionAttributeValues: { ":true": true, ":t": "CustomerDealIds", ...(opportunityIds.length ? { ":ids": new Set(opportunityIds) } : {}) },
        }),
      );
    },
  };
}
