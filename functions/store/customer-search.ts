import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "./dynamo";
import type { Db } from "./client";
import { key, partition } from "./keys";
import { isConditionFailure } from "./transact";

/** Bumped whenever what goes into a customer's `searchText` changes; the sweep then rewrites older ones. */
const marker = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: "SEARCH_TEXT" });

/** The search keys of customers (`searchText`, matched by `customers(filter: { search })`), kept apart from the lists. */
export function customerSearchStore(db: Db) {
  return {
    async version(orgId: string): Promise<number> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: marker(orgId) }));
      return (out.Item?.version as number | undefined) ?? 0;
    },
    async markVersion(orgId: string, version: number, at: string): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...marker(orgId), _type: "Backfill", version, at } }));
    },

    /** One page of an organization's customers' ids, versions and search texts (byOrg, only those attributes). */
    async page(orgId: string, start?: Record<string, unknown>) {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: "byOrg",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": partition.orgCustomers(orgId) },
          ExclusiveStartKey: start,
        }),
      );
      return { items: (out.Items ?? []) as Record<string, unknown>[], next: out.LastEvaluatedKey };
    },

    /** Sets the search text only if the customer is still the version read: an edit meanwhile wrote its own. */
    async rewrite(customerId: string, version: number, searchText: string): Promise<boolean> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.customer(customerId),
            UpdateExpression: "SET searchText = :t",
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":t": searchText, ":v": version },
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
