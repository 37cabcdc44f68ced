import type { Db } from "./client";
import { idSetStore } from "./id-sets";
import { key, partition } from "./keys";
import { queryAll } from "./query-all";
import type { LabeledWrite } from "./transact";

/**
 * A customer's deal ids in one item beside it (pk CUSTOMER#id, sk DEALS), so the deals of a page of
 * customers are one BatchGetItem of these and one of the deals, not a query per customer
 * (store/id-sets.ts). An older customer's item is completed from its byParent partition the first
 * time it is read (core/pipeline/customer-deals.ts). A deal never changes customer; were one to,
 * the reader keeps only deals that name the customer, so a stale id shows nothing.
 */
export function customerDealIdsStore(db: Db) {
  const sets = idSetStore(db, { key: key.customerDealIds, type: "CustomerDealIds", label: "customerDealIds", attributes: ["opportunityIds"] as const });
  return {
    createWrite: sets.createWrite,
    /** For the transaction that files deals under a customer (one write per customer). */
    addWrite: (customerId: string, opportunityIds: string[]): LabeledWrite => sets.addWrite("opportunityIds", customerId, opportunityIds),

    /** Each customer's deal ids; an older customer's are found once from its byParent partition and kept. */
    async read(customerIds: readonly string[]): Promise<string[][]> {
      const found = await sets.read(customerIds, async (customerId) => {
        const items = await queryAll(db, {
          IndexName: "byParent",
          KeyConditionExpression: "gsi4pk = :pk",
          ProjectionExpression: "#id",
          ExpressionAttributeNames: { "#id": "id" },
          ExpressionAttributeValues: { ":pk": partition.customerOpportunities(customerId) },
        });
        return { opportunityIds: items.map((i) => i.id as string) };
      });
      return found.map((s) => s.opportunityIds);
    },
  };
}
