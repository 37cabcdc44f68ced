import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client";
import { key } from "./keys";
import { ConditionFailedError, type LabeledWrite, transact } from "./transact";
import { ttlAfter } from "./ttl";

/**
 * An email, recorded before it is sent: its id (kind + subject + period) makes a second send a no-op.
 * It holds who it goes to and what it is about, never the rendered text: an approval email's body
 * carries a link that decides, and the table (and its backups) must hold nothing that does. The text
 * is rendered when sending, from the subject's data; a link is kept only as its hash.
 */
export interface OutboxEmail {
  id: string;
  orgId: string;
  toUserId: string | null;
  to: string;
  /** What the email is about, e.g. APPROVAL_REQUEST, APPROVAL_OUTCOME. */
  kind: string;
  subjectType: string | null;
  subjectId: string | null;
  requestId: string | null;
  stepKey: string | null;
  /** SHA-256 of the approval link the email carries (its latest, after a resend). */
  linkHash: string | null;
  status: "SENDING" | "SENT";
  createdAt: string;
  sentAt: string | null;
  messageId: string | null;
}

export const outboxWrite = (db: Db, e: OutboxEmail): LabeledWrite => ({
  label: "outbox",
  item: { Put: { TableName: db.table, Item: { ...key.outbox(e.id), _type: "Outbox", ttl: ttlAfter(e.createdAt), ...e }, ConditionExpression: "attribute_not_exists(pk)" } },
});

export function outboxStore(db: Db) {
  return {
    /**
     * Records the email (with any writes that must happen with it). Returns null when it is new, or
     * the record already there: sent, or left SENDING by an attempt that stopped before sending.
     * A condition of `withWrites` that fails (not the outbox's) is thrown as ConditionFailedError.
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

    /**
     * Takes over an email left SENDING (its sender stopped): true for exactly one caller. With `link`,
     * the email gets a new link in the same write (the old link's id was never stored, so it cannot
     * be sent again): the record points at the new hash and `link.writes` make the new link work and
     * revoke the old one. False also when those writes' conditions fail (the step closed meanwhile).
     */
    async reclaim(e: OutboxEmail, at: string, link?: { hash: string; writes: LabeledWrite[] }): Promise<boolean> {
      try {
        await transact(db, [
          {
            label: "outbox",
            item: {
              Update: {
                TableName: db.table,
                Key: key.outbox(e.id),
                UpdateExpression: link ? "SET createdAt = :at, linkHash = :h" : "SET createdAt = :at",
                ConditionExpression: "#s = :sending AND createdAt = :old",
                ExpressionAttributeNames: { "#s": "status" },
                ExpressionAttributeValues: { ":at": at, ":sending": "SENDING", ":old": e.createdAt, ...(link ? { ":h": link.hash } : {}) },
              },
            },
          },
          ...(link?.writes ?? []),
        ]);
        return true;
      } catch (error) {
        if (error instanceof ConditionFailedError) return false;
        throw error;
      }
    },

    async markSent(id: string, messageId: string, at: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.outbox(id),
          UpdateExpression: "SET #s = :sent, sentAt = :at, messageId = :m, #ttl = :ttl",
          ExpressionAttributeNames: { "#s": "status", "#ttl": "ttl" },
          ExpressionAttributeValues: { ":sent": "SENT", ":at": at, ":m": messageId, ":ttl": ttlAfter(at) },
        }),
      );
    },
  };
}
