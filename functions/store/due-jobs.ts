import { DeleteCommand, PutCommand, QueryCommand } from "./dynamo";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { isConditionFailure, type LabeledWrite } from "./transact";
import { releaseShardOf } from "./keys";

/**
 * Work that falls due at a time: a collection reminder, a stalled-deal step, an SLA deadline, a
 * work order's breach, a digest. One item per job, named by its kind and a deterministic `ref`
 * (e.g. `<instalmentId>#PRE_DUE`), so scheduling it again replaces it instead of adding one. The
 * byDueTime index holds it under DUE#kind#shard by due time: the sweep reads only what is due,
 * whatever the table holds. A job leaves the index when done; a later step is scheduled anew.
 */
export interface DueJob {
  kind: string;
  /** Unique within the kind; the same ref is the same job. */
  ref: string;
  orgId: string;
  /** ISO instant (UTC) from which the job is due. */
  dueAt: string;
  /** What the job needs to find its subject: ids, a step, never text that people read. */
  data: Record<string, string | number | boolean | null>;
}

export const DUE_JOB_SHARDS = 4;
/** How every job item of a kind begins its key (the stack's stream filter picks new webhook events by it). */
export const dueJobKeyPrefix = (kind: string) => `DUE#${kind}#`;
const jobKey = (kind: string, ref: string) => ({ pk: `${dueJobKeyPrefix(kind)}${ref}`, sk: "DUE" });
const duePartition = (kind: string, shard: number) => `DUE#${kind}#${shard}`;

const item = (j: DueJob) => ({
  ...jobKey(j.kind, j.ref),
  _type: "DueJob",
  ...j,
  gsi3pk: duePartition(j.kind, releaseShardOf(j.ref)),
  gsi3sk: `${j.dueAt}#${j.ref}`,
});

export function dueJobStore(db: Db) {
  return {
    /** Schedules (or moves) the job, in the transaction that makes it due. */
    scheduleWrite: (j: DueJob): LabeledWrite => ({ label: `due:${j.kind}`, item: { Put: { TableName: db.table, Item: item(j) } } }),

    /** Takes the job off the schedule in the transaction that makes it moot (an invoice, a payment). */
    cancelWrite: (kind: string, ref: string): LabeledWrite => ({ label: `due:${kind}`, item: { Delete: { TableName: db.table, Key: jobKey(kind, ref) } } }),

    async schedule(j: DueJob): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: db.table, Item: item(j) }));
    },

    async cancel(kind: string, ref: string): Promise<void> {
      await db.doc.send(new DeleteCommand({ TableName: db.table, Key: jobKey(kind, ref) }));
    },

    /**
     * Moves a handled job to its next time, only if it is still the one read (like `complete`): a
     * job moved meanwhile (a new setting, a second sweep that already moved it) keeps its time.
     */
    async reschedule(j: DueJob, next: string): Promise<boolean> {
      try {
        await db.doc.send(
          new PutCommand({ TableName: db.table, Item: item({ ...j, dueAt: next }), ConditionExpression: "dueAt = :at", ExpressionAttributeValues: { ":at": j.dueAt } }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** The jobs of one kind with these refs (null where there is none), in the order given. */
    async getMany(kind: string, refs: readonly string[]): Promise<(DueJob | null)[]> {
      const items = await batchGet(db, refs.map((ref) => jobKey(kind, ref)), { consistent: true });
      return items.map((i) => (i ? { kind: i.kind as string, ref: i.ref as string, orgId: i.orgId as string, dueAt: i.dueAt as string, data: (i.data ?? {}) as DueJob["data"] } : null));
    },

    /** Jobs of one kind, in one shard, due at or before `now`, oldest first. */
    async due(kind: string, shard: number, now: string, limit: number, after?: string): Promise<DueJob[]> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: "byDueTime",
          KeyConditionExpression: "gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to",
          ExpressionAttributeValues: { ":pk": duePartition(kind, shard), ":from": after ? `${after}~` : "0", ":to": `${now}#~` },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((i) => ({ kind: i.kind, ref: i.ref, orgId: i.orgId, dueAt: i.dueAt, data: i.data ?? {} }));
    },

    /**
     * Removes a job that was handled, only if it is still the one read: a job moved meanwhile (a new
     * due date) stays. Returns whether it was removed.
     */
    async complete(j: Pick<DueJob, "kind" | "ref" | "dueAt">): Promise<boolean> {
      try {
        await db.doc.send(
          new DeleteCommand({ TableName: db.table, Key: jobKey(j.kind, j.ref), ConditionExpression: "dueAt = :at", ExpressionAttributeValues: { ":at": j.dueAt } }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
