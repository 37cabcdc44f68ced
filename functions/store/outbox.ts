import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client";
import { key } from "./keys";
import { ConditionFailedError, type LabeledWrite, transact } from "./transact";

/** An email, recorded before it is sent: its id (kind + subject + period) makes a second send a no-op. */
export interface OutboxEmail {
  id: string;
  orgId: string;
  toUserId: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  status: "SENDING" | "SENT";
  createdAt: string;
  sentAt: string | null;
  messageId: string | null;
}

export const outboxWrite = (db: Db, e: OutboxEmail): LabeledWrite => ({
  label: "outbox",
  item: { Put: { TableName: db.table, Item: { ...key.outbox(e.id), _type: "Outbox", ...e }, ConditionExpression: "attribute_not_exists(pk)" } },
});

export function outboxStore(db: Db) {
  return {
    /**
     * Records the email (with any writes that must happen with it). Returns null when it is new, or
     * the record already there: sent, or left SENDING by an attempt that stopped before sending.
     */
    async enqueue(e: OutboxEmail, withWrites: LabeledWrite[] = []): Promise<OutboxEmail | null> {
      try {
        await transact(db, [outboxWrite(db, e), ...withWrites]);
        return null;
      } catch (error) {
        if (!(error instanceof ConditionFailedError) || !error.failed.includes("outbox")) throw error;
        const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.outbox(e.id), ConsistentRead: true }));
        return out.Item as OutboxEmail;
      }
    },

    /** Takes over an email left SENDING (its sender stopped): true for exactly one caller. */
    async reclaim(e: OutboxEmail, at: string): Promise<boolean> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.outbox(e.id),
            UpdateExpression: "SET createdAt = :at",
            ConditionExpression: "#s = :sending AND createdAt = :old",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":at": at, ":sending": "SENDING", ":old": e.createdAt },
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === "ConditionalCheckFailedException") return false;
        throw error;
      }
    },

    async markSent(id: string, messageId: string, at: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.outbox(id),
          UpdateExpression: "SET #s = :sent, sentAt = :at, messageId = :m",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":sent": "SENT", ":at": at, ":m": messageId },
        }),
      );
    },
  };
}
