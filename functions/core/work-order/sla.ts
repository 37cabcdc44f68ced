import type { DueJob } from "../../store/due-jobs";
import type { LabeledWrite } from "../../store/transact";
import type { Deps } from "../actor";
import { addBusinessHours, type BusinessCalendar } from "../calendar/business-hours";
import type { BreachKind, WorkOrder, WorkOrderType } from "./model";

export const WORK_ORDER_SLA = "WORK_ORDER_SLA";

/** Response and resolution deadlines, both counted in business hours from when the order was made. */
export function deadlines(cal: BusinessCalendar, from: Date, type: WorkOrderType, urgent: boolean) {
  return {
    responseDueAt: addBusinessHours(cal, from, urgent ? type.urgentResponseHours : type.responseHours).toISOString(),
    resolutionDueAt: addBusinessHours(cal, from, urgent ? type.urgentResolutionHours : type.resolutionHours).toISOString(),
  };
}

const dueOf = (wo: WorkOrder, kind: BreachKind) => (kind === "RESPONSE" ? wo.responseDueAt : wo.resolutionDueAt);
const endOf = (wo: WorkOrder, kind: BreachKind) => (kind === "RESPONSE" ? wo.respondedAt : wo.finishedAt);

/** Whether a deadline was (or is, at `now`) missed: answered after it, or still unanswered past it. */
export const isBreached = (wo: WorkOrder, kind: BreachKind, now: Date) => (endOf(wo, kind) ?? now.toISOString()) > dueOf(wo, kind);

/** The ticket is red for these: recorded by the sweep, or already past while the sweep has not run. */
export function breachesOf(wo: WorkOrder, now: Date): BreachKind[] {
  return (["RESPONSE", "RESOLUTION"] as const).filter((k) => wo.breached.includes(k) || isBreached(wo, k, now));
}

const ref = (id: string, kind: BreachKind) => `${id}#${kind}`;

/** Both deadlines' jobs, written with the order. */
export const scheduleSlaWrites = (deps: Deps, wo: WorkOrder): LabeledWrite[] =>
  (["RESPONSE", "RESOLUTION"] as const).map((kind) =>
    deps.store.dueJobs.scheduleWrite({ kind: WORK_ORDER_SLA, ref: ref(wo.id, kind), orgId: wo.orgId, dueAt: dueOf(wo, kind), data: { workOrderId: wo.id, breach: kind } }),
  );

/**
 * A deadline met in time takes its job off the schedule, in the transition's transaction. One met
 * late keeps it: the sweep records the breach and tells the supervisor, as when nobody answered.
 */
export function settledSlaWrites(deps: Deps, prev: WorkOrder, next: WorkOrder): LabeledWrite[] {
  return (["RESPONSE", "RESOLUTION"] as const)
    .filter((k) => !endOf(prev, k) && endOf(next, k) && !isBreached(next, k, new Date(0)))
    .map((k) => deps.store.dueJobs.cancelWrite(WORK_ORDER_SLA, ref(next.id, k)));
}

/** A reopened order's resolution deadline back on the schedule (the sweep records it if already past). */
export const resolutionJobWrite = (deps: Deps, wo: WorkOrder): LabeledWrite =>
  deps.store.dueJobs.scheduleWrite({ kind: WORK_ORDER_SLA, ref: ref(wo.id, "RESOLUTION"), orgId: wo.orgId, dueAt: dueOf(wo, "RESOLUTION"), data: { workOrderId: wo.id, breach: "RESOLUTION" } });

export const slaJobKind = (job: DueJob) => job.data.breach as BreachKind;
