import { ConditionFailedError } from "../../store";
import type { StoredStep } from "../../store/approvals";
import type { Deps } from "../actor";
import { newActivity } from "../activity";
import { ForbiddenError, NotFoundError } from "../errors";
import { Checker } from "../validate";
import { StaleTaskTokenError } from "./engine";
import { eligibleNow, peopleOf } from "./approvers";
import { AlreadyDecidedError, ApprovalClosedError, ApprovalEscalatedError, ApproverNotEligibleError } from "./errors";
import { LINK_ID, linkHash } from "./links";
import type { ApprovalAssignment, ApprovalRequest, Decision } from "./model";

/** A link that does not exist, was altered or has expired: refused without saying which. */
export class InvalidLinkError extends NotFoundError {
  constructor() {
    super("ApprovalLink", "-");
    this.name = "InvalidLinkError";
  }
}

/** The assignment behind a link, if the link is genuine and current. */
export async function assignmentForLink(deps: Deps, linkId: string): Promise<ApprovalAssignment> {
  if (!LINK_ID.test(linkId)) throw new InvalidLinkError();
  const a = await deps.store.approvals.assignment(linkHash(linkId));
  if (!a || Date.parse(a.expiresAt) < deps.clock.now().getTime()) throw new InvalidLinkError();
  return a;
}

/** Why a step can no longer be decided, as the error a person can read. */
async function closedReason(deps: Deps, r: ApprovalRequest, step: StoredStep): Promise<Error> {
  const users = await peopleOf(deps, r, [step]);
  const org = await deps.store.organizations.get(r.orgId);
  if (step.status === "APPROVED" || step.status === "REJECTED") {
    return new AlreadyDecidedError(users.get(step.decidedBy ?? "")?.name ?? "-", step.decidedAt ?? "", step.status === "APPROVED", org.timeZone);
  }
  if (step.status === "ESCALATED") return new ApprovalEscalatedError(step.escalatedTo.map((id) => users.get(id)?.name ?? id));
  return new ApprovalClosedError();
}

/**
 * Records one decision for a step: PENDING → APPROVED/REJECTED in one conditional write, so double
 * clicks, two tabs and racing approvers make exactly one. The decision is stored first; then the
 * workflow is told, and if telling it fails the step stays flagged until the scheduled job retries.
 */
export async function decideStep(
  deps: Deps,
  input: { requestId: string; stepKey: string; deciderId: string; decision: Decision; comment?: string | null },
): Promise<void> {
  const c = new Checker();
  const comment = c.text("comment", input.comment, { max: 1000 }) ?? null;
  c.done();
  const data = await deps.store.approvals.load(input.requestId);
  const step = data?.steps.find((s) => s.key === input.stepKey);
  if (!data || !step) throw new NotFoundError("Approval", input.requestId);
  if (step.status !== "PENDING" || data.request.status !== "PENDING") throw await closedReason(deps, data.request, step);
  if (!step.approverIds.includes(input.deciderId)) throw new ForbiddenError();
  const [decider, submitter] = await deps.store.users.getMany([input.deciderId, data.request.submittedBy]);
  if (!(await eligibleNow(deps, data.request.levels[step.level], decider ?? undefined, submitter ?? undefined))) {
    throw new ApproverNotEligibleError();
  }
  const status = input.decision === "APPROVE" ? "APPROVED" : "REJECTED";
  const at = deps.clock.now();
  const r = data.request;
  const activity = newActivity(
    {
      orgId: r.orgId,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      kind: "APPROVAL_DECIDED",
      actorId: input.deciderId,
      decision: status,
      revision: r.revision,
      note: r.levels[step.level].label.zh,
      reason: comment,
    },
    at,
  );
  try {
    await deps.store.approvals.decide(step, status, input.deciderId, at.toISOString(), comment, activity);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    if (error.failed.includes("decider") && !error.failed.some((l) => l.startsWith("step:"))) throw new ApproverNotEligibleError();
    const fresh = await deps.store.approvals.load(input.requestId);
    throw await closedReason(deps, fresh!.request, fresh!.steps.find((s) => s.key === input.stepKey)!);
  }
  await resumeWorkflow(deps, input.requestId, input.stepKey);
  // The other approvers' inbox entries, outside the decision's write (a role may have hundreds).
  await deps.store.approvals.closeInboxes(input.requestId, input.stepKey);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Tells the waiting workflow that a step was decided. Retried a few times; a token that no longer
 * waits (the task timed out, or the execution moved on) is fine, since the workflow reads the
 * decision from DynamoDB. Without a token yet, the task that stores it will see the decision itself.
 */
export async function resumeWorkflow(deps: Deps, requestId: string, key: string): Promise<boolean> {
  const data = await deps.store.approvals.load(requestId);
  const step = data?.steps.find((s) => s.key === key);
  if (!step || !step.resumeNeeded) return true;
  if (step.taskToken) {
    for (let attempt = 1; ; attempt++) {
      try {
        await deps.workflows.sendTaskSuccess(step.taskToken, { stepKey: key, status: step.status });
        break;
      } catch (error) {
        if (error instanceof StaleTaskTokenError) break;
        if (attempt >= 3) {
          console.error(JSON.stringify({ msg: "resume failed; the scheduled job will retry", requestId, key, error: String(error) }));
          return false;
        }
        await sleep(100 * 2 ** attempt);
      }
    }
  }
  await deps.store.approvals.resumed(requestId, key);
  return true;
}

/** The scheduled job's part: decisions recorded whose workflow was never told (a crash, an outage). */
export async function resumeDueDecisions(deps: Deps): Promise<number> {
  // Closed steps (decided, escalated, expired, withdrawn) whose approvers' inboxes were not cleared yet.
  for (const s of await deps.store.approvals.inboxCleanupDue(100)) await deps.store.approvals.closeInboxes(s.requestId, s.stepKey);
  let resumed = 0;
  for (const s of await deps.store.approvals.resumeDue(100)) if (await resumeWorkflow(deps, s.requestId, s.key)) resumed++;
  return resumed;
}
