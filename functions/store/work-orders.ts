import { GetCommand, QueryCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import { isOpenStatus, type WorkOrder, type WorkOrderSettings } from "../core/work-order/model";
import { activityWrite } from "./activities";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, stripKeys } from "./keys";
import { type Filter, mergedPage, type Page, type PartitionRange } from "./page";
import { queryAll } from "./query-all";
import { type LabeledWrite, transact, versionedPut } from "./transact";

/**
 * Work orders: the item (pk WO#id) carries one entry in each index that a list reads, all sorted by
 * creation (createdAt#id):
 * | byOrg    gsi1pk = org#WO                               | everything (GM, ADMIN; stats by period) |
 * | byOwner  gsi2pk = org#WO_ASSIGNEE#user#OPEN or #DONE   | an assignee's open ones (digest) and the rest |
 * | byDueTime gsi3pk = org#WO_CREATOR#user                 | what someone asked for |
 * | byParent gsi4pk = CUSTOMER#id#WO (sparse)              | a customer's (or, filtered, a deal's) |
 * | byStage  gsi5pk = org#WO_DEPT#role                     | a handling department's queue |
 * Orders the system opens once per subject, or a client once per idempotency key, hold a marker
 * UNIQUE#org#WO#originKey written in the same transaction.
 */
export const workOrderPartition = {
  org: (orgId: string) => `${orgId}#WO`,
  assignee: (orgId: string, userId: string | null, open: boolean) => `${orgId}#WO_ASSIGNEE#${userId ?? "NONE"}#${open ? "OPEN" : "DONE"}`,
  creator: (orgId: string, userId: string | null) => `${orgId}#WO_CREATOR#${userId ?? "SYSTEM"}`,
  customer: (customerId: string) => `CUSTOMER#${customerId}#WO`,
  department: (orgId: string, role: string) => `${orgId}#WO_DEPT#${role}`,
};

const woKey = key.workOrder;
const settingsKey = (orgId: string) => ({ pk: `WOSETTINGS#${orgId}`, sk: "WOSETTINGS" });
const originKey = (orgId: string, origin: string) => ({ pk: `UNIQUE#${orgId}#WO#${origin}`, sk: "UNIQUE" });
export const workOrderSortKey = (w: Pick<WorkOrder, "createdAt" | "id">) => `${w.createdAt}#${w.id}`;

function item(w: WorkOrder) {
  const sk = workOrderSortKey(w);
  return {
    ...woKey(w.id),
    _type: "WorkOrder",
    gsi1pk: workOrderPartition.org(w.orgId),
    gsi1sk: sk,
    gsi2pk: workOrderPartition.assignee(w.orgId, w.assigneeId, isOpenStatus(w.status)),
    gsi2sk: sk,
    gsi3pk: workOrderPartition.creator(w.orgId, w.createdBy),
    gsi3sk: sk,
    ...(w.customerId ? { gsi4pk: workOrderPartition.customer(w.customerId), gsi4sk: sk } : {}),
    gsi5pk: workOrderPartition.department(w.orgId, w.handlingRole),
    gsi5sk: sk,
    ...w,
  };
}

const INDEX_OF = { org: "byOrg", assignee: "byOwner", creator: "byDueTime", customer: "byParent", department: "byStage" } as const;
export type WorkOrderPartitionKind = keyof typeof INDEX_OF;

export function workOrderStore(db: Db) {
  return {
    async settings(orgId: string): Promise<WorkOrderSettings | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: settingsKey(orgId) }));
      return out.Item ? stripKeys<WorkOrderSettings>(out.Item) : null;
    },

    /** Throws ConditionFailedError(["workOrderSettings"]) when someone saved since `prevVersion` (0: never saved). */
    async saveSettings(next: WorkOrderSettings, prevVersion: number, activity: Activity): Promise<void> {
      await transact(db, [
        versionedPut(db, "workOrderSettings", { ...settingsKey(next.orgId), _type: "WorkOrderSettings", ...next }, prevVersion === 0 ? null : prevVersion),
        activityWrite(db, activity),
      ]);
    },

    async getMany(ids: readonly string[], consistent = false): Promise<(WorkOrder | null)[]> {
      return (await batchGet(db, ids.map(woKey), { consistent })).map((i) => (i ? stripKeys<WorkOrder>(i) : null));
    },

    async get(id: string): Promise<WorkOrder | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: woKey(id), ConsistentRead: true }));
      return out.Item ? stripKeys<WorkOrder>(out.Item) : null;
    },

    /** The order made for this origin (a quote revision, a contract, a client's key), if any. */
    async byOrigin(orgId: string, origin: string): Promise<WorkOrder | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: originKey(orgId, origin), ConsistentRead: true }));
      return out.Item ? this.get(out.Item.workOrderId as string) : null;
    },

    /** The writes that create an order (and its origin marker: a second one fails with label "workOrderOrigin"). */
    createWrites(w: WorkOrder, activities: Activity[]): LabeledWrite[] {
      return [
        versionedPut(db, "workOrder", item(w), null),
        ...(w.originKey
          ? [{ label: "workOrderOrigin", item: { Put: { TableName: db.table, Item: { ...originKey(w.orgId, w.originKey), _type: "WorkOrderOrigin", workOrderId: w.id }, ConditionExpression: "attribute_not_exists(pk)" } } }]
          : []),
        ...activities.map((a) => activityWrite(db, a)),
      ];
    },

    /** The writes that change an order, only if unchanged since read (label "workOrder"). */
    updateWrites(prev: WorkOrder, next: WorkOrder, activities: Activity[]): LabeledWrite[] {
      return [versionedPut(db, "workOrder", item(next), prev.version), ...activities.map((a) => activityWrite(db, a))];
    },

    write: (writes: LabeledWrite[]) => transact(db, writes),

    /** One page, newest first, from the union of these index partitions. */
    async page(kind: WorkOrderPartitionKind, partitions: (string | PartitionRange)[], opts: { first: number; after?: string | null; filter?: Filter }): Promise<Page<WorkOrder>> {
      if (!partitions.length) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
      const page = await mergedPage(db, { index: INDEX_OF[kind], partitions, first: opts.first, after: opts.after, filter: opts.filter });
      return { ...page, items: page.items.map((i) => stripKeys<WorkOrder>(i)) };
    },

    /** Orders created in [from, to) (ISO instants): the stats of a period read only these. */
    async createdBetween(orgId: string, from: string, to: string): Promise<WorkOrder[]> {
      const items = await queryAll(db, {
        IndexName: "byOrg",
        KeyConditionExpression: "gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":pk": workOrderPartition.org(orgId), ":from": from, ":to": `${to.slice(0, -1)}${String.fromCharCode(to.charCodeAt(to.length - 1) - 1)}\uffff` },
      });
      return items.map((i) => stripKeys<WorkOrder>(i));
    },

    /** A person's open orders (at most `limit`; userId null: nobody's, the queues' unassigned ones): the digest's narrow read. */
    async openAssigned(orgId: string, userId: string | null, limit: number): Promise<WorkOrder[]> {
      const out = await db.doc.send(
        new QueryCommand({ TableName: db.table, IndexName: "byOwner", KeyConditionExpression: "gsi2pk = :pk", ExpressionAttributeValues: { ":pk": workOrderPartition.assignee(orgId, userId, true) }, Limit: limit }),
      );
      return (out.Items ?? []).map((i) => stripKeys<WorkOrder>(i));
    },
  };
}
