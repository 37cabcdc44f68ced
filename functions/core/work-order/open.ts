import { ConditionFailedError } from "../../store";
import type { LabeledWrite } from "../../store/transact";
import type { Deps } from "../actor";
import { type Activity, newActivity } from "../activity";
import { businessCalendarOf } from "../calendar/business-hours";
import { newId } from "../ids";
import type { Organization } from "../organization";
import type { Text } from "../text";
import type { FieldValue, WorkOrder, WorkOrderType } from "./model";
import { deadlines, scheduleSlaWrites } from "./sla";

export type Links = Pick<WorkOrder, "customerId" | "opportunityId" | "quoteId" | "contractId">;

/** A new order, OPEN, its deadlines counted in the organization's business hours from now. */
export function newWorkOrder(deps: Deps, org: Organization, type: WorkOrderType, o: Links & { title: string; titleText?: Text | null; urgent: boolean; fields: Record<string, FieldValue>; createdBy: string | null; originKey?: string | null }): WorkOrder {
  const now = deps.clock.now();
  return {
    id: newId(now),
    orgId: org.id,
    typeKey: type.key,
    typeName: type.name,
    handlingRole: type.handlingRole,
    title: o.title,
    ...(o.titleText ? { titleText: o.titleText } : {}),
    customerId: o.customerId,
    opportunityId: o.opportunityId,
    quoteId: o.quoteId,
    contractId: o.contractId,
    urgent: o.urgent,
    fields: o.fields,
    fieldDefs: type.fields.filter((f) => f.key in o.fields),
    status: "OPEN",
    createdBy: o.createdBy,
    createdAt: now.toISOString(),
    assigneeId: null,
    ...deadlines(businessCalendarOf(org), now, type, o.urgent),
    statusAt: { OPEN: now.toISOString() },
    rejectReason: null,
    breached: [],
    originKey: o.originKey ?? null,
    version: 1,
    updatedAt: now.toISOString(),
  };
}

/** One timeline entry on the order, and the same on its customer's and deal's timelines. */
export function timelineEntries(wo: WorkOrder, base: Pick<Activity, "kind" | "actorId"> & Partial<Activity>, at: Date): Activity[] {
  const common = { ...base, orgId: wo.orgId, workOrderId: wo.id, note: wo.title };
  return [
    newActivity({ ...common, subjectType: "WORK_ORDER", subjectId: wo.id }, at),
    ...(wo.customerId ? [newActivity({ ...common, subjectType: "CUSTOMER", subjectId: wo.customerId }, at)] : []),
    ...(wo.opportunityId ? [newActivity({ ...common, subjectType: "OPPORTUNITY", subjectId: wo.opportunityId }, at)] : []),
  ];
}

/** The writes that make the order: the item, its origin marker, its timeline entries, its SLA jobs. */
export const creationWrites = (deps: Deps, wo: WorkOrder, actorId: string | null): LabeledWrite[] => [
  ...deps.store.workOrders.createWrites(wo, timelineEntries(wo, { kind: "WORK_ORDER_OPENED", actorId }, new Date(wo.createdAt))),
  ...scheduleSlaWrites(deps, wo),
];

/** Writes the order, once per origin: a second attempt for the same origin returns the first order. */
export async function saveNewWorkOrder(deps: Deps, wo: WorkOrder, extra: LabeledWrite[] = []): Promise<WorkOrder> {
  try {
    await deps.store.workOrders.write([...creationWrites(deps, wo, wo.createdBy), ...extra]);
    return wo;
  } catch (error) {
    if (!(error instanceof ConditionFailedError) || !error.failed.includes("workOrderOrigin") || !wo.originKey) throw error;
    const existing = await deps.store.workOrders.byOrigin(wo.orgId, wo.originKey);
    if (!existing) throw error;
    return existing;
  }
}

