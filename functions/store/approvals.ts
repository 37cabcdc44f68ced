import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Activity } from "../core/activity";
import type { ApprovalAssignment, ApprovalRequest, ApprovalStep, StepStatus } from "../core/approval/model";
import { activityWrite } from "./activities";
import type { Db } from "./client";
import { key, partition, stripKeys } from "./keys";
import { type LabeledWrite, transact, versionedPut } from "./transact";

export function requestItem(r: ApprovalRequest) {
  return {
    ...key.approvalRequest(r.id),
    gsi4pk: partition.subjectApprovals(r.subjectType, r.subjectId),
    gsi4sk: `${r.createdAt}#${r.id}`,
    // Still running: found again by the local re-drive and by the start-up check.
    ...(r.status === "PENDING" ? { gsi3pk: partition.pendingApprovals(), gsi3sk: `${r.createdAt}#${r.id}` } : {}),
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

/** Moves a step from PENDING to another status; the inbox entries of its approvers close with it. */
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
    ...(step.assignmentHashes ?? []).map((h) => ({
      label: `assignment:${h}`,
      item: { Update: { TableName: db.table, Key: key.approvalLink(h), UpdateExpression: "REMOVE gsi2pk, gsi2sk" } },
    })),
  ];
}

export type StoredStep = ApprovalStep & { assignmentHashes: string[] };

export function approvalStore(db: Db) {
  const query = async (params: ConstructorParameters<typeof QueryCommand>[0]) => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await db.doc.send(new QueryCommand({ ...params, ExclusiveStartKey: startKey }));
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  };

  return {
    requestWrite: (r: ApprovalRequest, prevVersion: number | null) => requestWrite(db, r, prevVersion),

    /** A request with all its steps, in one query. */
    async load(requestId: string): Promise<{ request: ApprovalRequest; steps: StoredStep[] } | null> {
      const items = await query({ TableName: db.table, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": key.approvalRequest(requestId).pk }, ConsistentRead: true });
      const request = items.find((i) => i.sk === "REQUEST");
      if (!request) return null;
      const steps = items.filter((i) => (i.sk as string).startsWith("STEP#")).map((i) => stripKeys<StoredStep>(i));
      return { request: stripKeys<ApprovalRequest>(request), steps };
    },

    async forSubject(subjectType: string, subjectId: string): Promise<ApprovalRequest[]> {
      const items = await query({
        TableName: db.table,
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

    /** Records a decision, PENDING → APPROVED or REJECTED exactly once, flagged until the workflow is told. */
    async decide(step: StoredStep, status: "APPROVED" | "REJECTED", by: string, at: string, comment: string | null, activity: Activity) {
      const writes = closeStep(db, step, status, { decidedBy: by, decidedAt: at, comment, resumeNeeded: true, gsi3pk: partition.resumeDue(), gsi3sk: `${at}#${step.requestId}#${step.key}` });
      await transact(db, [...writes, activityWrite(db, activity)]);
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
              Item: { ...key.approvalLink(a.linkHash), gsi2pk: partition.inbox(a.orgId, a.approverId), gsi2sk: `${a.deadline}#${a.linkHash}`, _type: "ApprovalAssignment", ...a },
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
              ExpressionAttributeValues: { ":empty": [], ":h": [a.linkHash] },
            },
          },
        },
      ];
    },

    /** An approver's open assignments, soonest deadline first. */
    async inbox(orgId: string, userId: string): Promise<ApprovalAssignment[]> {
      const items = await query({
        TableName: db.table,
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

    /** Requests still running. */
    async pending(): Promise<string[]> {
      const items = await query({ TableName: db.table, IndexName: "byDueTime", KeyConditionExpression: "gsi3pk = :pk", ExpressionAttributeValues: { ":pk": partition.pendingApprovals() }, ProjectionExpression: "id" });
      return items.map((i) => i.id as string);
    },

  };
}
