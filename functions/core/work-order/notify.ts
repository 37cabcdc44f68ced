import type { DueJob } from "../../store/due-jobs";
import { workOrderAssignedEmail, workOrderBreachEmail, type WorkOrderEmailInput } from "../../mail/work-order";
import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { deliver } from "../mail";
import type { User } from "../user/model";
import { ConditionFailedError } from "../../store";
import { timelineEntries } from "./open";
import { type BreachKind, titleFor, type WorkOrder } from "./model";
import { breachRecipient } from "./people";
import { isBreached } from "./sla";
import type { DueOutcome } from "../sweep/due-jobs";

async function emailFacts(deps: Deps, wo: WorkOrder, to: User, dueAt: string): Promise<WorkOrderEmailInput> {
  const org = await deps.store.organizations.get(wo.orgId);
  const [customer] = wo.customerId ? await deps.store.customers.getMany([wo.customerId]) : [null];
  const [assignee, requester] = await deps.store.users.getMany([wo.assigneeId ?? "-", wo.createdBy ?? "-"]);
  return {
    locale: to.locale,
    recipientName: to.name,
    title: titleFor(wo, to.locale),
    typeName: wo.typeName,
    urgent: wo.urgent,
    customerName: customer?.name ?? null,
    assigneeName: assignee?.name ?? null,
    requesterName: requester?.name ?? null,
    createdAt: formatLocalTime(wo.createdAt, org.timeZone),
    dueAt: formatLocalTime(dueAt, org.timeZone),
    zone: org.timeZone === "Asia/Shanghai" ? { zh: "北京时间", en: "Beijing time" } : { zh: org.timeZone, en: org.timeZone },
  };
}

/** Tells the new assignee, once per order and person. */
export async function notifyAssignee(deps: Deps, wo: WorkOrder, to: User): Promise<void> {
  const facts = await emailFacts(deps, wo, to, wo.respondedAt ? wo.resolutionDueAt : wo.responseDueAt);
  await deliver(deps, { id: `WO_ASSIGNED#${wo.id}#${to.id}`, to, kind: "WORK_ORDER_ASSIGNED", about: { subjectType: "WORK_ORDER", subjectId: wo.id }, render: () => workOrderAssignedEmail(facts) });
}

/** Records the breach on the order (red, on the timelines), once, whoever changes it meanwhile. */
async function recordBreach(deps: Deps, read: WorkOrder, kind: BreachKind, recipient: User | null): Promise<WorkOrder | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    // The order as the job read it first; after a conflict, as it is now.
    const wo = attempt === 0 ? read : await deps.store.workOrders.get(read.id);
    if (!wo || wo.breached.includes(kind)) return wo;
    const now = deps.clock.now();
    const next: WorkOrder = { ...wo, breached: [...wo.breached, kind], version: wo.version + 1, updatedAt: now.toISOString() };
    try {
      await deps.store.workOrders.write(deps.store.workOrders.updateWrites(wo, next, timelineEntries(next, { kind: "WORK_ORDER_BREACHED", actorId: null, decision: kind, toOwnerId: recipient?.id ?? null }, now)));
      return next;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
  throw new Error(`work order ${read.id} kept changing while its breach was recorded`);
}

/**
 * A work order's deadline came: met in time, nothing; otherwise (still unanswered, or answered
 * late) the order turns red and the supervisor is emailed, once per order and kind of deadline
 * (the outbox id), however many sweeps run.
 */
export async function handleWorkOrderSlaJob(deps: Deps, job: DueJob): Promise<DueOutcome> {
  const kind = job.data.breach as BreachKind;
  const wo = await deps.store.workOrders.get(String(job.data.workOrderId));
  if (!wo) return { next: null };
  const now = deps.clock.now();
  if (!isBreached(wo, kind, now)) {
    const due = kind === "RESPONSE" ? wo.responseDueAt : wo.resolutionDueAt;
    // Met in time: done. Not yet due (a job read early): again at the deadline.
    return { next: (kind === "RESPONSE" ? wo.respondedAt : wo.finishedAt) ? null : due };
  }
  const recipient = breachRecipient(wo, kind, await deps.store.users.listByOrg(wo.orgId));
  const marked = (await recordBreach(deps, wo, kind, recipient)) ?? wo;
  if (recipient) {
    const facts = await emailFacts(deps, marked, recipient, kind === "RESPONSE" ? marked.responseDueAt : marked.resolutionDueAt);
    await deliver(deps, { id: `WO_BREACH#${wo.id}#${kind}`, to: recipient, kind: "WORK_ORDER_BREACH", about: { subjectType: "WORK_ORDER", subjectId: wo.id }, render: () => workOrderBreachEmail({ ...facts, kind }) });
  }
  return { next: null };
}
