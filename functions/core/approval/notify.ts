import { ConditionFailedError } from "../../store/transact";
import { approvalEmail, type DecisionLine, outcomeEmail } from "../../mail/templates";
import type { StoredStep } from "../../store/approvals";
import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { deliver } from "../mail";
import { localize } from "../text";
import type { User } from "../user/model";
import { seesMargin } from "./approvers";
import { LINK_DAYS } from "./links";
import type { ApprovalAssignment, ApprovalRequest, ApprovalStep } from "./model";

/** Decisions so far, for emails and pages: who approved, rejected or let a level escalate. */
export function decisionLines(request: ApprovalRequest, steps: ApprovalStep[], users: Map<string, User>, timeZone: string, locale: "zh-CN" | "en"): DecisionLine[] {
  const name = (id: string | null) => (id ? (users.get(id)?.name ?? id) : "-");
  return steps
    .filter((s) => s.status !== "PENDING" && s.status !== "WITHDRAWN")
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((s) => ({
      level: localize(request.levels[s.level].label, locale),
      by: s.decidedBy ? name(s.decidedBy) : s.approverIds.map(name).join("、"),
      decision: s.status as DecisionLine["decision"],
      at: formatLocalTime(s.decidedAt ?? s.deadline, timeZone),
      comment: s.comment,
    }));
}

/**
 * Emails each approver of a step their own link, once per step: the outbox record and the link's
 * assignment are written together, so a re-run (a retried task, a re-driven workflow) sends nothing new.
 * The link is minted when sending and only its hash is stored. Stops once the step is decided (a long
 * list of approvers is not worked through for nothing).
 */
export async function askApprovers(deps: Deps, request: ApprovalRequest, step: StoredStep, steps: StoredStep[], users: Map<string, User>): Promise<void> {
  const org = await deps.store.organizations.get(request.orgId);
  const previous = steps.find((s) => s.level === step.level && s.attempt === step.attempt - 1);
  // Those an escalation adds are asked before those it reminds: with a long list, they matter most.
  const newcomersFirst = [...step.approverIds].sort((a, b) => Number(!!previous?.approverIds.includes(a)) - Number(!!previous?.approverIds.includes(b)));
  for (const approverId of newcomersFirst) {
    const approver = users.get(approverId);
    if (!approver) continue;
    const kind = step.attempt === 0 ? "REQUEST" : previous?.approverIds.includes(approverId) ? "REMINDER" : "ESCALATION";
    const now = deps.clock.now();
    const assignment = (hash: string): ApprovalAssignment => ({
      linkHash: hash,
      orgId: request.orgId,
      requestId: request.id,
      stepKey: step.key,
      approverId,
      kind,
      deadline: step.deadline,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + LINK_DAYS * 86_400_000).toISOString(),
    });
    const render = (linkId: string | null) =>
      approvalEmail({
        locale: approver.locale,
        kind,
        recipientName: approver.name,
        levelLabel: localize(request.levels[step.level].label, approver.locale),
        summary: request.summary,
        showMargin: seesMargin(approver),
        deadline: formatLocalTime(step.deadline, org.timeZone),
        link: `${deps.config.publicUrl}/approvals/${linkId}`,
        decisions: decisionLines(request, steps, users, org.timeZone, approver.locale),
        escalatedFrom: previous?.approverIds.map((id) => users.get(id)?.name ?? id),
      });
    try {
      await deliver(deps, {
        id: `approval:${request.id}:${step.key}:${approverId}`,
        to: approver,
        kind: `APPROVAL_${kind}`,
        about: { subjectType: request.subjectType, subjectId: request.subjectId, requestId: request.id, stepKey: step.key },
        render,
        link: (hash) => deps.store.approvals.assignmentWrites(assignment(hash)),
        revokeLink: (hash) => deps.store.approvals.revokeAssignment(hash),
        // Step Functions' Retry spaces the task's attempts (then the sweep re-drives it).
        retries: "CALLER",
      });
    } catch (error) {
      // The step was decided (or closed) while its approvers were being asked: the rest need no email.
      if (error instanceof ConditionFailedError && error.failed.includes("stepAssignment")) return;
      throw error;
    }
  }
}

/** The submitter and the deal's owner hear how it ended, once each. */
export async function announceOutcome(deps: Deps, request: ApprovalRequest, steps: ApprovalStep[], users: Map<string, User>): Promise<void> {
  if (request.status === "PENDING" || request.status === "WITHDRAWN") return;
  const org = await deps.store.organizations.get(request.orgId);
  const outcome = request.status;
  for (const id of new Set([request.submittedBy, request.ownerId])) {
    const u = users.get(id);
    if (!u) continue;
    const render = () =>
      outcomeEmail({
        locale: u.locale,
        recipientName: u.name,
        outcome,
        summary: request.summary,
        decisions: decisionLines(request, steps, users, org.timeZone, u.locale),
      });
    await deliver(deps, {
      id: `outcome:${request.id}:${id}`,
      to: u,
      kind: "APPROVAL_OUTCOME",
      about: { subjectType: request.subjectType, subjectId: request.subjectId, requestId: request.id },
      render,
      retries: "CALLER",
    });
  }
}
