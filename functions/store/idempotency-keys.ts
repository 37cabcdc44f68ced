import { DeleteCommand, GetCommand, PutCommand } from "./dynamo";
import type { Db } from "./client";
import { stripKeys } from "./keys";
import { isConditionFailure, type LabeledWrite } from "./transact";
import { TTL_ATTRIBUTE } from "./ttl";

/**
 * An idempotency key as used: one item per organization, caller and key (pk = IDEMKEY#org#user#sha256(key)).
 * PENDING while its first request runs (`token` names that request); DONE once the effect is written,
 * with the id of what it made. DynamoDB's TTL removes it after `expiresAt` (some time after: the code
 * treats an expired key as unused).
 */
export interface IdempotencyKeyRecord {
  orgId: string;
  userId: string;
  keyHash: string;
  operation: string;
  fingerprint: string;
  status: "PENDING" | "DONE";
  token: string;
  lockedAt: string;
  resultId: string | null;
  createdAt: string;
  expiresAt: string;
}

/** The label of the key's write in a transaction: its failure means another request owns the key now. */
export const IDEMPOTENCY_KEY_LABEL = "idempotencyKey";

const keyOf = (r: Pick<IdempotencyKeyRecord, "orgId" | "userId" | "keyHash">) => ({ pk: `IDEMKEY#${r.orgId}#${r.userId}#${r.keyHash}`, sk: "IDEMKEY" });
const itemOf = (r: IdempotencyKeyRecord) => ({ ...keyOf(r), ...r, [TTL_ATTRIBUTE]: Math.floor(Date.parse(r.expiresAt) / 1000) });
/** Still this request's claim: nobody took the key over meanwhile. */
const OURS = { ConditionExpression: "#token = :token AND #status = :pending", ExpressionAttributeNames: { "#token": "token", "#status": "status" } };

export function idempotencyKeyStore(db: Db) {
  return {
    async get(orgId: string, userId: string, keyHash: string): Promise<IdempotencyKeyRecord | null> {
      const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keyOf({ orgId, userId, keyHash }), ConsistentRead: true }));
      if (!Item) return null;
      const { [TTL_ATTRIBUTE]: _ttl, ...rest } = stripKeys<Record<string, unknown>>(Item);
      return rest as unknown as IdempotencyKeyRecord;
    },

    /**
     * Takes the key for a request: when nobody used it, it expired, or the request holding it stopped
     * before writing anything (its claim older than `staleBefore`). False: another request holds it.
     */
    async claim(record: IdempotencyKeyRecord, staleBefore: string): Promise<boolean> {
      try {
        await db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: itemOf(record),
            ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now OR (#status = :pending AND lockedAt <= :stale)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":now": record.lockedAt, ":pending": "PENDING", ":stale": staleBefore },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** The key as DONE, for the transaction that writes the effect; fails if another request took the key over. */
    doneWrite(claimed: IdempotencyKeyRecord, resultId: string): LabeledWrite {
      return {
        label: IDEMPOTENCY_KEY_LABEL,
        item: {
          Put: {
            TableName: db.table,
            Item: itemOf({ ...claimed, status: "DONE", resultId }),
            ...OURS,
            ExpressionAttributeValues: { ":token": claimed.token, ":pending": "PENDING" },
          },
        },
      };
    },

    /** The key as DONE on its own, for an effect that was not written in a transaction. */
    async markDone(claimed: IdempotencyKeyRecord, resultId: string): Promise<boolean> {
      const { Put } = this.doneWrite(claimed, resultId).item as { Put: ConstructorParameters<typeof PutCommand>[0] };
      try {
        await db.doc.send(new PutCommand(Put));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /**
     * Gives the key back when its request failed and wrote nothing: a failed request does not use it up.
     * False: the claim was no longer this request's (another took the key over).
     */
    async release(claimed: IdempotencyKeyRecord): Promise<boolean> {
      try {
        await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keyOf(claimed), ...OURS, ExpressionAttributeValues: { ":token": claimed.token, ":pending": "PENDING" } }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
