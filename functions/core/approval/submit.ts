import type { Actor, Deps } from "../actor";
import { newId } from "../ids";
import { ApprovalAlreadyFinishedError } from "./errors";
import type { ApprovalRequest, ApprovalSubjectType, ApprovalSummary } from "./model";
import { type ApprovalPolicy, applicableLevels, type SubjectFigures } from "./policy";

/**
 * A request for the levels of `policy` that apply to these figures, or null when none does (the
 * submission is approved as it is). The caller writes it in the same transaction as the subject.
 */
export function newApprovalRequest(
  actor: Actor,
  policy: ApprovalPolicy,
  subject: { type: ApprovalSubjectType; id: string; revision: number; opportunityId: string; ownerId: string; figures: SubjectFigures; summary: ApprovalSummary },
): ApprovalRequest | null {
  const levels = applicableLevels(policy, subject.figures);
  if (!levels.length) return null;
  const now = actor.deps.clock.now();
  return {
    id: newId(now),
    orgId: actor.viewer.orgId,
    subjectType: subject.type,
    subjectId: subject.id,
    revision: subject.revision,
    opportunityId: subject.opportunityId,
    submittedBy: actor.viewer.id,
    ownerId: subject.ownerId,
    summary: subject.summary,
    levels,
    status: "PENDING",
    currentLevel: 0,
    createdAt: now.toISOString(),
    finishedAt: null,
    version: 1,
  };
}

/** Starts the workflow of a request just written; a failed start is retried by the scheduled job. */
export async function startWorkflow(deps: Deps, requestId: string): Promise<void> {
  try {
    await deps.workflows.startApproval(requestId, 0);
  } catch (error) {
    console.error(JSON.stringify({ msg: "approval start failed; the scheduled job will retry", requestId, error: String(error) }));
  }
}

/**
 * Why a request can no longer be withdrawn, when it ended with an outcome: the first committed write
 * wins, and whoever withdraws after it is told what it was. Null while it runs (or was withdrawn).
 */
export async function finishedBeforeWithdrawal(deps: Deps, r: ApprovalRequest | null | undefined): Promise<ApprovalAlreadyFinishedError | null> {
  if (!r || r.status === "PENDING" || r.status === "WITHDRAWN") return null;
  const org = await deps.store.organizations.get(r.orgId);
  return new ApprovalAlreadyFinishedError(r.status, r.finishedAt ?? deps.clock.now().toISOString(), org.timeZone);
}

/**
 * What withdrawing a running request writes (its end, its open steps closed), to go in the same
 * transaction as the change that withdraws it, and what to do once that is committed: tell any
 * waiting workflow, so it ends now rather than at its timeout. The request write holds only while
 * the request is as read (a step opened or an outcome recorded since fails the transaction).
 * `request`: the request as read; one that ended gets no writes, and the caller says what that means.
 */
export async function withdrawal(deps: Deps, requestId: string | null) {
  const data = requestId ? await deps.store.approvals.load(requestId) : null;
  if (!data || data.request.status !== "PENDING") return { writes: [], after: async () => {}, request: data?.request ?? null };
  const { request: r, steps } = data;
  // A rejection, or an approval of the last level, is the outcome even before the workflow writes it
  // on the request: withdrawing after it loses the race, and is told how it ended.
  const decisive = steps.find((s) => s.status === "REJECTED" || (s.status === "APPROVED" && s.level === r.levels.length - 1));
  if (decisive) return { writes: [], after: async () => {}, request: { ...r, status: decisive.status as "APPROVED" | "REJECTED", finishedAt: decisive.decidedAt } };
  const open = steps.filter((s) => s.status === "PENDING");
  const now = deps.clock.now().toISOString();
  return {
    writes: [
      deps.store.approvals.requestWrite({ ...r, status: "WITHDRAWN", finishedAt: now, version: r.version + 1 }, r.version),
      ...open.flatMap((s) => deps.store.approvals.closeStep(s, "WITHDRAWN", { decidedAt: now })),
    ],
    after: async () => {
      for (const s of open) {
        if (s.taskToken) await deps.workflows.sendTaskSuccess(s.taskToken, { stepKey: s.key, status: "WITHDRAWN" }).catch(() => undefined);
        await deps.store.approvals.closeInboxes(s.requestId, s.key);
      }
    },
    request: r,
  };
}
