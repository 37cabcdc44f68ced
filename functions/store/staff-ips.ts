import { GetCommand, PutCommand } from "./dynamo";
import type { Db } from "./client";
import { isConditionFailure } from "./transact";
import { key } from "./keys";


/** Addresses an organization's people used the API from lately (pk = STAFFIP#org#ip, TTL): their views of quote links are internal. */
export function staffIpStore(db: Db) {
  return {
    /** Notes an address, unless noted within the last `refreshSeconds` (one write per address and period). */
    async note(orgId: string, ip: string, at: Date, keepSeconds: number, refreshSeconds: number): Promise<void> {
      try {
        await db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...key.staffIp(orgId, ip), _type: "StaffIp", seenAt: at.toISOString(), ttl: Math.floor(at.getTime() / 1000) + keepSeconds },
            ConditionExpression: "attribute_not_exists(pk) OR seenAt < :stale",
            ExpressionAttributeValues: { ":stale": new Date(at.getTime() - refreshSeconds * 1000).toISOString() },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    /** Whether the address was used since `since` (TTL deletes lazily, so the time is checked too). */
    async seenSince(orgId: string, ip: string, since: Date): Promise<boolean> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.staffIp(orgId, ip) }));
      return !!out.Item && (out.Item.seenAt as string) >= since.toISOString();
    },
  };
}
