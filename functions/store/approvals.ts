import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import type { ApprovalAssignment, ApprovalRequest, ApprovalStep, StepStatus } from "../core/approval/model";
import { activityWrite } from "./activities";
import type { Db } from "./client";
import { key, partition, stripKeys } from "./keys";
import { queryAll } from "./query-all";
import { type LabeledWrite, transact, versionedPut } from "./transact";
import { ttlAfter } from "./ttl";

export function requestItem(r: ApprovalRequest) {
  return {
    ...key.approvalRequest(r.id),
    gsi4pk: partition.subjectApprovals(r.subjectType, r.subjectId),
    gsi4sk: `${r.createdAt}#${r.id}`,
    // Its execution gave up (any status: a failed Finish leaves it APPROVED): re-driven by the scheduled job.
    // Else still running: found again by the local re-drive and by the start-up check.
    ...(r.failure
      ? { gsi3pk: partition.failedApprovals(), gsi3sk: `${r.failure.at}#${r.id}` }
      : r.status === "PENDING"
        ? { gsi3pk: partition.pendingApprovals(), gsi3sk: `${r.createdAt}#${r.id}` }
        : {}),
    _type: "ApprovalRequest",
    ...r,
  };
}

export function stepItem(s: ApprovalStep) {
  return { ...key.approvalStep(s.requestId, s.key), _type: "ApprovalStep", assignmentHashes: [] as string[], ...s };
}

/** Writes the request as given if the stored one is still at `prevVersion` (none: a new request). */
export const requestWrite = (db: Db, r: ApprovalRequest, prevVersion: number | null): LabeledWrite =>
  versionedPut(db, `request:${r.id}`, requestItem(r), prevVersion);

const stepCreate = (db: Db, s: ApprovalStep): LabeledWrite => ({
  label: `newstep:${s.key}`,
  item: { Put: { TableName: db.table, Item: stepItem(s), ConditionExpression: "attribute_not_exists(pk)" } },
});

/**
 * Moves a step from PENDING to another status: one conditional write on the step, plus a marker that
 * its approvers' inbox entries still need closing. The write stays this small whatever the number of
 * approvers (a role with hundreds of members); `closeInboxes` clears their entries afterwards, and the
 * scheduled job finishes any cleanup that was interrupted. Until then the inbox read skips closed steps.
 */
function closeStep(db: Db, step: ApprovalStep & { assignmentHashes?: string[] }, status: StepStatus, set: Record<string, unknown>): LabeledWrite[] {
  const names: Record<string, string> = { "#status": "status" };
  const values: Record<string, unknown> = { ":status": status, ":pending": "PENDING" };
  const sets = ["#status = :status"];
  Object.entries(set).forEach(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:f${i}`] = v;
    sets.push(`#f${i} = :f${i}`);
  });
  return [
    {
      label: `step:${step.key}`,
      item: {
        Update: {
          TableName: db.table,
          Key: key.approvalStep(step.requestId, step.key),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "#status = :pending",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    },
    {
      label: `inboxCleanup:${step.key}`,
      item: {
        Put: {
          TableName: db.table,
          Item: { ...key.inboxCleanup(step.requestId, step.key), gsi3pk: partition.inboxCleanupDue(), gsi3sk: `${step.requestId}#${step.key}`, _type: "InboxCleanup", requestId: step.requestId, stepKey: step.key },
        },
      },
    },
  ];
}

/** Inbox entries closed per round of parallel writes. */
const CLEANUP_CHUNK = 25;

export type StoredStep = ApprovalStep & { assignmentHashes: string[] };

export function approvalStore(db: Db) {
  const query = (params: Parameters<typeof queryAll>[1]) => queryAll(db, params);

  return {
    requestWrite: (r: ApprovalRequest, prevVersion: number | null) => requestWrite(db, r, prevVersion),

    /** A request with all its steps, in one query. */
    async load(requestId: string): Promise<{ request: ApprovalRequest; steps: StoredStep[] } | null> {
      const items = await query({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": key.approvalRequest(requestId).pk }, ConsistentRead: true });
      const request = items.find((i) => i.sk === "REQUEST");
      if (!request) return null;
      const steps = items.filter((i) => (i.sk as string).startsWith("STEP#")).map((i) => stripKeys<StoredStep>(i));
      return { request: stripKeys<ApprovalRequest>(request), steps };
    },

    async forSubject(subjectType: string, subjectId: string): Promise<ApprovalRequest[]> {
      const items = await query({
        IndexName: "byParent",
        KeyConditionExpression: "gsi4pk = :pk",
        ExpressionAttributeValues: { ":pk": partition.subjectApprovals(subjectType, subjectId) },
      });
      return items.map((i) => stripKeys<ApprovalRequest>(i));
    },

    /** Saves a request that moved on (level, status), if nobody else moved it first. */
    async saveRequest(next: ApprovalRequest, prevVersion: number, extra: LabeledWrite[] = []): Promise<void> {
      await transact(db, [requestWrite(db, next, prevVersion), ...extra]);
    },

    stepCreate: (s: ApprovalStep) => stepCreate(db, s),

    closeStep: (step: StoredStep, status: StepStatus, set: Record<string, unknown>) => closeStep(db, step, status, set),

    /** Opens a step, once (a second open of the same level and attempt fails its condition). */
    async createStep(s: ApprovalStep): Promise<void> {
      await transact(db, [stepCreate(db, s)]);
    },

    /** Keeps the workflow's callback token on a step that still waits; false when it was decided meanwhile. */
    async setToken(requestId: string, stepKey: string, token: string): Promise<boolean> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.approvalStep(requestId, stepKey),
            UpdateExpression: "SET taskToken = :t",
            ConditionExpression: "#status = :pending",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":t": token, ":pending": "PENDING" },
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === "ConditionalCheckFailedException") return false;
        throw error;
      }
    },

    /**
     * Records a decision, PENDING → APPROVED or REJECTED exactly once, flagged until the workflow is
     * told: the step, a cleanup marker and the timeline entry, whatever the number of approvers.
     */
    async decide(step: StoredStep, status: "APPROVED" | "REJECTED", by: string, at: string, comment: string | null, activity: Activity) {
      const writes = closeStep(db, step, status, { decidedBy: by, decidedAt: at, comment, resumeNeeded: true, gsi3pk: partition.resumeDue(), gsi3sk: `${at}#${step.requestId}#${step.key}` });
      // The approver is still active as the decision lands (a deactivation racing it fails it: "decider").
      const decider: LabeledWrite = {
        label: "decider",
        item: { ConditionCheck: { TableName: db.table, Key: key.user(by), ConditionExpression: "active = :true", ExpressionAttributeValues: { ":true": true } } },
      };
      await transact(db, [...writes, decider, activityWrite(db, activity)]);
    },

    /** The workflow has been told of the decision (or no longer waits): stop retrying. */
    async resumed(requestId: string, stepKey: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key.approvalStep(requestId, stepKey),
          UpdateExpression: "SET resumeNeeded = :f REMOVE gsi3pk, gsi3sk",
          ExpressionAttributeValues: { ":f": false },
        }),
      );
    },

    /** The assignment an approval link points to, by the link's hash. */
    async assignment(linkHash: string): Promise<ApprovalAssignment | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.approvalLink(linkHash) }));
      return out.Item ? stripKeys<ApprovalAssignment>(out.Item) : null;
    },

    /** The writes that give an approver their link and a place in their inbox for a step. */
    assignmentWrites(a: ApprovalAssignment): LabeledWrite[] {
      return [
        {
          label: "assignment",
          item: {
            Put: {
              TableName: db.table,
              Item: {
                ...key.approvalLink(a.linkHash),
                gsi2pk: partition.inbox(a.orgId, a.approverId),
                gsi2sk: `${a.deadline}#${a.linkHash}`,
                _type: "ApprovalAssignment",
                ttl: ttlAfter(a.expiresAt),
                ...a,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        },
        {
          label: "stepAssignment",
          item: {
            Update: {
              TableName: db.table,
              Key: key.approvalStep(a.requestId, a.stepKey),
              UpdateExpression: "SET assignmentHashes = list_append(if_not_exists(assignmentHashes, :empty), :h)",
              // A step decided meanwhile gets no new approvers' links (the rest of a long list is not sent).
              ConditionExpression: "#status = :pending",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":empty": [], ":h": [a.linkHash], ":pending": "PENDING" },
            },
          },
        },
      ];
    },

    /** An approver's open assignments, soonest deadline first. */
    async inbox(orgId: string, userId: string): Promise<ApprovalAssignment[]> {
      const items = await query({
        IndexName: "byOwner",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": partition.inbox(orgId, userId) },
      });
      return items.map((i) => stripKeys<ApprovalAssignment>(i));
    },

    /** Steps decided but not yet resumed in the workflow, oldest first. */
    async resumeDue(limit: number): Promise<{ requestId: string; key: string }[]> {
      const out = await db.doc.send(
        new QueryCommand({ TableName: db.table, IndexName: "byDueTime", KeyConditionExpression: "gsi3pk = :pk", ExpressionAttributeValues: { ":pk": partition.resumeDue() }, Limit: limit }),
      );
      return (out.Items ?? []).map((i) => ({ requestId: i.requestId as string, key: i.key as string }));
    },

    /** A link replaced by a newer one for the same email (a resend): it opens nothing from now on. */
    revokeAssignment: (linkHash: string): LabeledWrite => ({
      label: "revokedAssignment",
      item: { Delete: { TableName: db.table, Key: key.approvalLink(linkHash) } },
    }),

    /**
     * Takes a closed step out of its approvers' inboxes, a chunk at a time, then drops the marker its
     * closing left. Safe to repeat: an entry already gone (or a link revoked) is skipped.
     */
    async closeInboxes(requestId: string, stepKey: string): Promise<void> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.approvalStep(requestId, stepKey), ConsistentRead: true }));
      const step = out.Item as StoredStep | undefined;
      if (step && step.status === "PENDING") return; // not closed: nothing to do (a stray marker stays for the next run)
      const hashes = step?.assignmentHashes ?? [];
      for (let i = 0; i < hashes.length; i += CLEANUP_CHUNK) {
        await Promise.all(
          hashes.slice(i, i + CLEANUP_CHUNK).map((h) =>
            db.doc
              .send(new UpdateCommand({ TableName: db.table, Key: key.approvalLink(h), UpdateExpression: "REMOVE gsi2pk, gsi2sk", ConditionExpression: "attribute_exists(pk)" }))
              .catch((error) => {
                if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
              }),
          ),
        );
      }
      await db.doc.send(new DeleteCommand({ TableName: db.table, Key: key.inboxCleanup(requestId, stepKey) }));
    },

    /** Closed steps whose inbox entries may still be open, oldest first. */
    async inboxCleanupDue(limit: number): Promise<{ requestId: string; stepKey: string }[]> {
      const out = await db.doc.send(
        new QueryCommand({ TableName: db.table, IndexName: "byDueTime", KeyConditionExpression: "gsi3pk = :pk", ExpressionAttributeValues: { ":pk": partition.inboxCleanupDue() }, Limit: limit }),
      );
      return (out.Items ?? []).map((i) => ({ requestId: i.requestId as string, stepKey: i.stepKey as string }));
    },

    /** Requests still running, with the attempt of the execution that runs them. */
    async pending(): Promise<{ id: string; attempt: number }[]> {
      const items = await query({ IndexName: "byDueTime", KeyConditionExpression: "gsi3pk = :pk", ExpressionAttributeValues: { ":pk": partition.pendingApprovals() }, ProjectionExpression: "id, executionAttempt" });
      return items.map((i) => ({ id: i.id as string, attempt: (i.executionAttempt as number | undefined) ?? 0 }));
    },

    /** Requests whose execution gave up on a task, oldest failure first. */
    async failed(): Promise<string[]> {
      const items = await query({ IndexName: "byDueTime", KeyConditionExpression: "gsi3pk = :pk", ExpressionAttributeValues: { ":pk": partition.failedApprovals() }, ProjectionExpression: "id" });
      return items.map((i) => i.id as string);
    },

    /** How many decisions still wait to be told to their workflow (the sweep's backlog metric). */
    async untoldDecisions(): Promise<number> {
      const out = await db.doc.send(new QueryCommand({ TableName: db.table, IndexName: "byDueTime", KeyConditionExpression: "gsi3pk = :pk", ExpressionAttributeValues: { ":pk": partition.resumeDue() }, Select: "COUNT" }));
      return out.Count ?? 0;
    },

  };
}
