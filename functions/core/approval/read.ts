import type { StoredStep } from "../../store/approvals";
import type { Actor, Deps } from "../actor";
import { NotFoundError } from "../errors";
import { decideStep } from "./decide";
import type { ApprovalAssignment, ApprovalRequest, Decision } from "./model";

export interface OpenApproval {
  assignment: ApprovalAssignment;
  request: ApprovalRequest;
  step: StoredStep;
  /** Every step so far: the earlier decisions the approver sees. */
  steps: StoredStep[];
}

/** The viewer's approvals still waiting on them, soonest deadline first. */
export async function myApprovals(actor: Actor): Promise<OpenApproval[]> {
  const { store } = actor.deps;
  const inbox = await store.approvals.inbox(actor.viewer.orgId, actor.viewer.id);
  const requests = (await store.approvalReads.requests(inbox.map((a) => a.requestId))).filter((r) => r !== null);
  const byId = new Map(requests.map((r) => [r.id, r]));
  const stepsOf = await store.approvalReads.stepsOf(requests);
  return inbox.flatMap((a) => {
    const request = byId.get(a.requestId);
    const steps = stepsOf.get(a.requestId) ?? [];
    const step = steps.find((s) => s.key === a.stepKey);
    return request && step && step.status === "PENDING" && request.status === "PENDING" ? [{ assignment: a, request, step, steps }] : [];
  });
}

/** A request with its steps, in order: the approval history shown on a quote or contract. */
export async function approvalHistory(deps: Deps, subjectType: string, subjectId: string) {
  const requests = (await deps.store.approvals.forSubject(subjectType, subjectId)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const steps = await deps.store.approvalReads.stepsOf(requests);
  return requests.map((r) => ({ request: r, steps: steps.get(r.id) ?? [] }));
}

/** A request with its steps (null when gone). */
export const approvalOf = async (deps: Deps, requestId: string) => deps.store.approvals.load(requestId);

/** A decision made in the API on one of the viewer's own open approvals; returns the request's id. */
export async function decideAssignment(actor: Actor, linkHash: string, decision: Decision, comment: string | null): Promise<string> {
  const a = await actor.deps.store.approvals.assignment(linkHash);
  if (!a || a.orgId !== actor.viewer.orgId || a.approverId !== actor.viewer.id) throw new NotFoundError("Approval", linkHash);
  await decideStep(actor.deps, { requestId: a.requestId, stepKey: a.stepKey, deciderId: actor.viewer.id, decision, comment });
  return a.requestId;
}
