import { ConditionFailedError } from "../../store";
import { type Actor, loadUser } from "../actor";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { reapplyOnConflict } from "../reapply";
import { isOrgWide } from "../user/model";
import { Checker } from "../validate";
import { IllegalTransitionError } from "./errors";
import { isOpenStatus, NEXT_STATUSES, type WorkOrder, type WorkOrderStatus } from "./model";
import { notifyAssignee } from "./notify";
import { timelineEntries } from "./open";
import { canBeAssigned, mayAssign, mayConfirm, maySee, mayWork, supervisesAssignee } from "./people";
import { resolutionJobWrite, settledSlaWrites } from "./sla";

/** The order as stored now (a strongly consistent read), if the viewer may see it. */
export async function visibleWorkOrder(actor: Actor, id: string): Promise<WorkOrder | null> {
  const wo = await actor.deps.store.workOrders.get(id);
  return wo && (await maySee(actor, wo)) ? wo : null;
}

async function save(actor: Actor, prev: WorkOrder, next: WorkOrder, activities: ReturnType<typeof timelineEntries>, extra = settledSlaWrites(actor.deps, prev, next)) {
  try {
    await actor.deps.store.workOrders.write([...actor.deps.store.workOrders.updateWrites(prev, next, activities), ...extra]);
  } catch (error) {
    // Someone moved it first: the caller reads it again and judges anew (or is told, with a version).
    if (!(error instanceof ConditionFailedError)) throw error;
    const current = await actor.deps.store.workOrders.get(prev.id);
    throw new VersionConflictError(current, current?.version ?? 0);
  }
  return next;
}

/**
 * Moves the order along its lifecycle, timed and on the timelines. `version` given: only if the
 * order is still at it (VersionConflictError otherwise); absent: a concurrent change makes it read
 * again and judge the move anew, so two people moving it at once never lose one of the moves (the
 * second is refused if it no longer applies). REJECTED needs a reason. Acknowledging an unassigned
 * order takes it on; a colleague in the department moving an order someone else holds takes it over
 * (assignee: the actor, on the timeline), unless they supervise the assignee.
 */
export function transitionWorkOrder(actor: Actor, id: string, to: WorkOrderStatus, reason?: string | null, version?: number | null): Promise<WorkOrder> {
  return reapplyOnConflict(async () => {
    const wo = await visibleWorkOrder(actor, id);
    if (!wo) throw new NotFoundError("WorkOrder", id);
    if (version != null && version !== wo.version) throw new VersionConflictError(wo, wo.version);
    const v = actor.viewer;
    // Confirming a resolution (CLOSED) or sending it back is the requester's (or their managers'), not the handler's.
    const reopens = wo.status === "RESOLVED" && to === "IN_PROGRESS";
    const allowed = to === "CLOSED" || reopens ? await mayConfirm(actor, wo) : await mayWork(actor, wo);
    if (!allowed) throw new ForbiddenError();
    if (!NEXT_STATUSES[wo.status].includes(to)) throw new IllegalTransitionError(wo.status, to, NEXT_STATUSES[wo.status]);
    const c = new Checker();
    const why = c.text("reason", reason, { required: to === "REJECTED" || reopens, max: 500 });
    c.done();
    const now = actor.deps.clock.now().toISOString();
    // Acknowledging an unassigned order takes it on; so does a department colleague moving an order someone
    // else holds (the record credits who did the work). The assignee's supervisors, GM and ADMIN act for them.
    const eligible = to !== "CLOSED" && !reopens && wo.assigneeId !== v.id && canBeAssigned(v, wo, await actor.orgUsers());
    const takesOn = eligible && (wo.assigneeId ? !isOrgWide(v) && !(await supervisesAssignee(actor, wo)) : to === "ACKNOWLEDGED");
    const next: WorkOrder = {
      ...wo,
      status: to,
      statusAt: { ...wo.statusAt, [to]: now },
      respondedAt: wo.respondedAt ?? now,
      finishedAt: to === "RESOLVED" || to === "REJECTED" ? now : reopens ? undefined : wo.finishedAt,
      rejectReason: to === "REJECTED" ? (why ?? null) : wo.rejectReason,
      assigneeId: takesOn ? v.id : wo.assigneeId,
      version: wo.version + 1,
      updatedAt: now,
    };
    const entries = [
      ...(takesOn && wo.assigneeId ? timelineEntries(next, { kind: "WORK_ORDER_ASSIGNED", actorId: v.id, fromOwnerId: wo.assigneeId, toOwnerId: v.id }, new Date(now)) : []),
      ...timelineEntries(next, { kind: "WORK_ORDER_STATUS_CHANGED", actorId: v.id, fromStatus: wo.status, toStatus: to, reason: why ?? null }, new Date(now)),
    ];
    return save(actor, wo, next, entries, reopens ? [resolutionJobWrite(actor.deps, next)] : settledSlaWrites(actor.deps, wo, next));
  });
}

/**
 * Gives the order to someone in the handling department (or a supervisor of its people); the
 * department's people and supervisors, GM and ADMIN dispatch. The assignee is emailed.
 */
export async function assignWorkOrder(actor: Actor, id: string, assigneeId: string): Promise<WorkOrder> {
  const { wo, next, assignee } = await reapplyOnConflict(async () => {
    const wo = await visibleWorkOrder(actor, id);
    if (!wo) throw new NotFoundError("WorkOrder", id);
    if (!(await mayAssign(actor, wo))) throw new ForbiddenError();
    if (!isOpenStatus(wo.status)) throw new IllegalTransitionError(wo.status, null, []);
    const assignee = await loadUser(actor, assigneeId);
    if (!assignee || !canBeAssigned(assignee, wo, await actor.orgUsers())) {
      throw new ValidationError([
        { path: ["assigneeId"], code: "NOT_ELIGIBLE", text: { zh: `须为${wo.handlingRole}部门在职人员或其上级`, en: `must be an active member of ${wo.handlingRole} or their supervisor` } },
      ]);
    }
    if (wo.assigneeId === assignee.id) return { wo, next: wo, assignee };
    const now = actor.deps.clock.now();
    const next: WorkOrder = { ...wo, assigneeId: assignee.id, version: wo.version + 1, updatedAt: now.toISOString() };
    const entries = timelineEntries(next, { kind: "WORK_ORDER_ASSIGNED", actorId: actor.viewer.id, fromOwnerId: wo.assigneeId, toOwnerId: assignee.id }, now);
    return { wo, next: await save(actor, wo, next, entries, []), assignee };
  });
  if (next !== wo && assignee.id !== actor.viewer.id) await notifyAssignee(actor.deps, next, assignee);
  return next;
}
