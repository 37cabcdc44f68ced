import { ConditionFailedError } from "../../store";
import type { StoredStep } from "../../store/approvals";
import type { Deps } from "../actor";
import type { User } from "../user/model";
import { escalationTargets, routeApprovers } from "./approvers";
import { StaleTaskTokenError } from "./engine";
import { type ApprovalRequest, type ApprovalStep, stepKey } from "./model";
import { announceOutcome, askApprovers } from "./notify";
import { recordFailure } from "./recovery";
import { applySubjectOutcome } from "./subjects";
import { addBusinessHours, type BusinessCalendar, businessCalendarOf } from "../calendar/business-hours";

/** What the workflow's Task states send (the same in Step Functions and locally). */
export type ApprovalTaskInput =
  | { action: "load"; requestId: string }
  | { action: "await"; requestId: string; stepKey: string; taskToken: string }
  | { action: "escalate"; requestId: string; stepKey: string }
  | { action: "finish"; requestId: string }
  | { action: "fail"; requestId: string; attempt: number; failure: { Error?: string; Cause?: string } };

export type LoadResult = { done: true } | { done: false; stepKey: string; remainingSeconds: number };

export async function runApprovalTask(deps: Deps, input: ApprovalTaskInput): Promise<unknown> {
  switch (input.action) {
    case "load":
      return loadStep(deps, input.requestId);
    case "await":
      return awaitDecision(deps, input.requestId, input.stepKey, input.taskToken);
    case "escalate":
      return escalate(deps, input.requestId, input.stepKey);
    case "finish":
      return finish(deps, input.requestId);
    case "fail":
      return recordFailure(deps, input.requestId, input.attempt, input.failure);
  }
}

const usersOf = async (deps: Deps, orgId: string) => new Map((await deps.store.users.listByOrg(orgId)).map((u) => [u.id, u]));
const latestAt = (steps: StoredStep[], level: number) => steps.filter((s) => s.level === level).sort((a, b) => b.attempt - a.attempt)[0];

/** The organization's working calendar: a level's SLA counts business hours (Friday evening → Monday). */
const calendarOf = async (deps: Deps, orgId: string) => businessCalendarOf(await deps.store.organizations.get(orgId));

function newStep(deps: Deps, cal: BusinessCalendar, r: ApprovalRequest, level: number, attempt: number, approverIds: string[]): ApprovalStep {
  const now = deps.clock.now();
  return {
    requestId: r.id,
    orgId: r.orgId,
    level,
    attempt,
    key: stepKey(level, attempt),
    approverIds,
    status: "PENDING",
    deadline: addBusinessHours(cal, now, r.levels[level].slaHours).toISOString(),
    createdAt: now.toISOString(),
    decidedBy: null,
    decidedAt: null,
    comment: null,
    escalatedTo: [],
    taskToken: null,
    resumeNeeded: false,
  };
}

/**
 * Opens a step, if the request is still as read: a withdrawal (or anything else) committed since
 * makes the write fail, so no step is left open on a request that ended.
 */
async function openStep(deps: Deps, r: ApprovalRequest, step: ApprovalStep): Promise<void> {
  await deps.store.approvals.saveRequest({ ...r, version: r.version + 1 }, r.version, [deps.store.approvals.stepCreate(step)]);
}

/** Ends a request with an outcome, if it is still running. */
async function finishRequest(deps: Deps, r: ApprovalRequest, status: ApprovalRequest["status"]): Promise<void> {
  try {
    await deps.store.approvals.saveRequest({ ...r, status, finishedAt: deps.clock.now().toISOString(), version: r.version + 1 }, r.version);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
}

/**
 * Works out from what DynamoDB holds where a request stands, creating the next level's step when
 * the last one was approved. Safe to run any number of times: each write is conditional.
 */
export async function loadStep(deps: Deps, requestId: string): Promise<LoadResult> {
  for (let round = 0; round < 10; round++) {
    const data = await deps.store.approvals.load(requestId);
    if (!data || data.request.status !== "PENDING") return { done: true };
    const { request: r, steps } = data;
    const current = latestAt(steps, r.currentLevel);
    try {
      if (!current) {
        const users = await usersOf(deps, r.orgId);
        const submitter = users.get(r.submittedBy) as User;
        const routed = routeApprovers(r.levels[r.currentLevel], submitter, [...users.values()]);
        const step = newStep(deps, await calendarOf(deps, r.orgId), r, r.currentLevel, 0, routed.approverIds);
        await openStep(deps, r, { ...step, routingNote: routed.note });
        continue;
      }
      switch (current.status) {
        case "PENDING": {
          const ms = Date.parse(current.deadline) - deps.clock.now().getTime();
          return { done: false, stepKey: current.key, remainingSeconds: Math.max(1, Math.ceil(ms / 1000)) };
        }
        case "APPROVED":
          if (r.currentLevel + 1 < r.levels.length) {
            await deps.store.approvals.saveRequest({ ...r, currentLevel: r.currentLevel + 1, version: r.version + 1 }, r.version);
            continue;
          }
          await finishRequest(deps, r, "APPROVED");
          return { done: true };
        case "REJECTED":
        case "EXPIRED":
          await finishRequest(deps, r, current.status);
          return { done: true };
        case "WITHDRAWN":
          return { done: true };
        case "ESCALATED":
          // The escalation stopped between closing this step and opening the next: open it now.
          await openEscalatedStep(deps, r, current, await usersOf(deps, r.orgId));
          continue;
      }
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error; // someone moved it on: read again
    }
  }
  throw new Error(`Approval ${requestId} kept changing while being loaded`);
}

/**
 * Keeps the callback token on the step and emails its approvers; if it was decided or withdrawn
 * meanwhile, carries on at once. A withdrawal that read the step before the token was kept cannot
 * tell the workflow, so the request is read again after keeping it, and nobody is emailed about a
 * request that ended (the email's link is written only while the step is still open).
 */
export async function awaitDecision(deps: Deps, requestId: string, key: string, taskToken: string): Promise<void> {
  const open = async () => {
    const data = await deps.store.approvals.load(requestId);
    const step = data?.steps.find((s) => s.key === key);
    return data && step && step.status === "PENDING" && data.request.status === "PENDING" ? { ...data, step } : null;
  };
  const data = (await deps.store.approvals.setToken(requestId, key, taskToken)) ? await open() : null;
  if (!data) return tell(deps, taskToken, { stepKey: key });
  try {
    await askApprovers(deps, data.request, data.step, data.steps, await usersOf(deps, data.request.orgId));
  } catch (error) {
    if (!(error instanceof ConditionFailedError) || (await open())) throw error;
    await tell(deps, taskToken, { stepKey: key }); // the step closed while its approvers were being emailed
  }
}

async function tell(deps: Deps, token: string, output: unknown) {
  try {
    await deps.workflows.sendTaskSuccess(token, output);
  } catch (error) {
    if (!(error instanceof StaleTaskTokenError)) throw error;
  }
}

function escalatedStep(deps: Deps, cal: BusinessCalendar, r: ApprovalRequest, step: ApprovalStep, users: Map<string, User>) {
  const targets = step.escalatedTo.length ? step.escalatedTo : escalationTargets(r.levels[step.level].escalateTo, step.approverIds, [...users.values()], r.submittedBy);
  return { targets, next: newStep(deps, cal, r, step.level, step.attempt + 1, [...step.approverIds, ...targets]) };
}

async function openEscalatedStep(deps: Deps, r: ApprovalRequest, step: ApprovalStep, users: Map<string, User>) {
  await openStep(deps, r, escalatedStep(deps, await calendarOf(deps, r.orgId), r, step, users).next);
}

/**
 * The level's SLA ran out (States.Timeout). Its step closes as ESCALATED and a new one opens with the
 * escalation target added and a fresh SLA (the originals are reminded); after the last escalation the
 * request expires instead. A decision that landed first wins: then this does nothing.
 */
export async function escalate(deps: Deps, requestId: string, key: string): Promise<void> {
  const data = await deps.store.approvals.load(requestId);
  const step = data?.steps.find((s) => s.key === key);
  if (!data || !step || step.status !== "PENDING" || data.request.status !== "PENDING") return;
  const r = data.request;
  try {
    if (step.attempt >= r.levels[step.level].escalations) {
      const closed = deps.store.approvals.closeStep(step, "EXPIRED", { decidedAt: deps.clock.now().toISOString() });
      await deps.store.approvals.saveRequest({ ...r, status: "EXPIRED", finishedAt: deps.clock.now().toISOString(), version: r.version + 1 }, r.version, closed);
      await deps.store.approvals.closeInboxes(requestId, key);
      return;
    }
    const users = await usersOf(deps, r.orgId);
    const { targets, next } = escalatedStep(deps, await calendarOf(deps, r.orgId), r, step, users);
    await deps.store.approvals.saveRequest({ ...r, version: r.version + 1 }, r.version, [
      ...deps.store.approvals.closeStep(step, "ESCALATED", { escalatedTo: targets, decidedAt: deps.clock.now().toISOString() }),
      deps.store.approvals.stepCreate(next),
    ]);
    await deps.store.approvals.closeInboxes(requestId, key);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error; // decided or escalated meanwhile
  }
}

/** The request ended: the quote or contract takes the outcome, and the submitter and owner are told. */
export async function finish(deps: Deps, requestId: string): Promise<void> {
  const data = await deps.store.approvals.load(requestId);
  if (!data || data.request.status === "PENDING") return;
  await applySubjectOutcome(deps, data.request);
  await announceOutcome(deps, data.request, data.steps, await usersOf(deps, data.request.orgId));
}
