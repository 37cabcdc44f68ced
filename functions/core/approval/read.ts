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
  const inbox = await actor.deps.store.approvals.inbox(actor.viewer.orgId, actor.viewer.id);
  const loaded = await Promise.all(inbox.map(async (a) => ({ a, data: await actor.deps.store.approvals.load(a.requestId) })));
  return loaded.flatMap(({ a, data }) => {
    const step = data?.steps.find((s) => s.key === a.stepKey);
    return data && step && step.status === "PENDING" && data.request.status === "PENDING" ? [{ assignment: a, request: data.request, step, steps: data.steps }] : [];
  });
}

/** A request with its steps, in order: the approval history shown on a quote or contract. */
export async function approvalHistory(deps: Deps, subjectType: string, subjectId: string) {
  const requests = (await deps.store.approvals.forSubject(subjectType, subjectId)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return Promise.all(
    requests.map(async (r) => ({ request: r, steps: ((await deps.store.approvals.load(r.id))?.steps ?? []).sort((a, b) => a.key.localeCompare(b.key)) })),
  );
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
