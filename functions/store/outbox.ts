import { GetCommand, QueryCommand, UpdateCommand } from "./dynamo";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, partition, stripKeys } from "./keys";
import { mergedPage, type Page } from "./page";
import { ConditionFailedError, isConditionFailure, type LabeledWrite, transact } from "./transact";
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
  /**
   * FAILED: SES refused it on every attempt; nothing sends it again. BOUNCED / COMPLAINED: SES took
   * it, then the mailbox refused it for good or its reader marked it spam. `deliveryProblems` shows all three.
   */
  status: "SENDING" | "SENT" | "FAILED" | "BOUNCED" | "COMPLAINED";
  /** When the current attempt began (the claim a taker holds); the epoch after a failed attempt. */
  createdAt: string;
  sentAt: string | null;
  messageId: string | null;
  /** Attempts SES refused so far (absent on records from before retries were counted: 0). */
  attempts?: number;
  /** No attempt before this instant (the backoff after a refusal); null or absent: at once. */
  nextAttemptAt?: string | null;
  /** What SES said the last time it refused, e.g. "TooManyRequestsException: Maximum sending rate exceeded". */
  lastError?: string | null;
  failedAt?: string | null;
}

/** A refused attempt, recorded by the one who held the claim. */
export interface FailedAttempt {
  attempts: number;
  lastError: string;
  /** null: the last attempt; the email is FAILED at `at`. */
  nextAttemptAt: string | null;
  at: string;
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

    async get(ids: readonly string[]): Promise<(OutboxEmail | null)[]> {
      const items = await batchGet(db, ids.map(key.outbox), { consistent: true });
      return items.map((i) => (i ? stripKeys<OutboxEmail>(i) : null));
    },

    /**
     * Records a refused attempt if `claimedAt` still holds (nobody took the email over meanwhile):
     * the count, the error and when to try next, with the claim released (createdAt = epoch) so the
     * next attempt can take it; or, after the last attempt, FAILED, on the organization's list of
     * delivery problems (byOrg, newest first). Returns whether it was recorded.
     */
    async recordFailure(e: Pick<OutboxEmail, "id" | "orgId">, claimedAt: string, f: FailedAttempt): Promise<boolean> {
      const failed = f.nextAttemptAt === null;
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.outbox(e.id),
            UpdateExpression: failed
              ? "SET attempts = :n, lastError = :err, nextAttemptAt = :null, #s = :failed, failedAt = :at, gsi1pk = :pk, gsi1sk = :sk, #ttl = :ttl"
              : "SET attempts = :n, lastError = :err, nextAttemptAt = :next, createdAt = :released",
            ConditionExpression: "#s = :sending AND createdAt = :claim",
            ExpressionAttributeNames: { "#s": "status", ...(failed ? { "#ttl": "ttl" } : {}) },
            ExpressionAttributeValues: {
              ":n": f.attempts,
              ":err": f.lastError.slice(0, 500),
              ":sending": "SENDING",
              ":claim": claimedAt,
              ...(failed
                ? { ":null": null, ":failed": "FAILED", ":at": f.at, ":pk": partition.deliveryProblems(e.orgId), ":sk": `${f.at}#${e.id}`, ":ttl": ttlAfter(f.at) }
                : { ":next": f.nextAttemptAt, ":released": new Date(0).toISOString() }),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Emails of an organization that were never sent (FAILED), newest first: one partition of byOrg, no scan. */
    async problems(orgId: string, opts: { first: number; after?: string | null }): Promise<Page<OutboxEmail>> {
      const page = await mergedPage(db, { index: "byOrg", partitions: [partition.deliveryProblems(orgId)], first: opts.first, after: opts.after });
      return { ...page, items: page.items.map((i) => stripKeys<OutboxEmail>(i)) };
    },

    /** Sent: findable by SES's message id (byParent), for the bounce or complaint SES may report later. */
    async markSent(id: string, messageId: string, at: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.outbox(id),
          UpdateExpression: "SET #s = :sent, sentAt = :at, messageId = :m, #ttl = :ttl, gsi4pk = :g, gsi4sk = :id",
          ExpressionAttributeNames: { "#s": "status", "#ttl": "ttl" },
          ExpressionAttributeValues: { ":sent": "SENT", ":at": at, ":m": messageId, ":ttl": ttlAfter(at), ":g": partition.outboxBySesMessage(messageId), ":id": id },
        }),
      );
    },

    async bySesMessageId(messageId: string): Promise<OutboxEmail | null> {
      const out = await db.doc.send(
        new QueryCommand({ TableName: db.table, IndexName: "byParent", KeyConditionExpression: "gsi4pk = :pk", ExpressionAttributeValues: { ":pk": partition.outboxBySesMessage(messageId) }, Limit: 1 }),
      );
      return out.Items?.[0] ? stripKeys<OutboxEmail>(out.Items[0]) : null;
    },

    /**
     * A sent email SES reports bounced for good or complained of: on the organization's delivery
     * problems, once (a repeated event, or a complaint after a bounce, changes nothing).
     */
    async recordSesProblem(e: Pick<OutboxEmail, "id" | "orgId">, p: { status: "BOUNCED" | "COMPLAINED"; detail: string; at: string }): Promise<boolean> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.outbox(e.id),
            UpdateExpression: "SET #s = :status, lastError = :detail, failedAt = :at, gsi1pk = :pk, gsi1sk = :sk",
            ConditionExpression: "#s = :sent",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":status": p.status, ":detail": p.detail.slice(0, 500), ":at": p.at, ":sent": "SENT", ":pk": partition.deliveryProblems(e.orgId), ":sk": `${p.at}#${e.id}` },
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
