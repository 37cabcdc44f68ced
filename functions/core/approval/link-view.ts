import type { StoredStep } from "../../store/approvals";
import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { localize } from "../text";
import type { User } from "../user/model";
import { eligibleNow, peopleOf, seesMargin } from "./approvers";
import { ApproverNotEligibleError } from "./errors";
import { assignmentForLink, decideStep, InvalidLinkError } from "./decide";
import type { ApprovalRequest, Decision } from "./model";
import { decisionLines } from "./notify";

/** What an approval link's page shows, without changing anything (mail scanners open every link). */
export type LinkView =
  | { state: "INVALID" }
  /** The approver was deactivated or is no longer eligible for the level: refused, nothing shown. */
  | { state: "REFUSED"; approver: User; error: ApproverNotEligibleError }
  | {
      state: "OPEN" | "DECIDED" | "ESCALATED" | "CLOSED";
      approver: User;
      request: ApprovalRequest;
      step: StoredStep;
      levelLabel: string;
      deadline: string;
      showMargin: boolean;
      decidedBy: string | null;
      decidedAt: string | null;
      escalatedTo: string[];
      decisions: ReturnType<typeof decisionLines>;
      /** A contract's draft under review, downloadable through the link. */
      documentName: string | null;
    };

export async function viewLink(deps: Deps, linkId: string): Promise<LinkView> {
  let assignment;
  try {
    assignment = await assignmentForLink(deps, linkId);
  } catch (error) {
    if (error instanceof InvalidLinkError) return { state: "INVALID" };
    throw error;
  }
  const data = await deps.store.approvals.load(assignment.requestId);
  const step = data?.steps.find((s) => s.key === assignment.stepKey);
  if (!data || !step) return { state: "INVALID" };
  const users = await peopleOf(deps, data.request, data.steps);
  const approver = users.get(assignment.approverId);
  if (!approver) return { state: "INVALID" };
  const open = step.status === "PENDING" && data.request.status === "PENDING";
  if (open && !(await eligibleNow(deps, data.request.levels[step.level], approver, users.get(data.request.submittedBy)))) {
    return { state: "REFUSED", approver, error: new ApproverNotEligibleError() };
  }
  const org = await deps.store.organizations.get(assignment.orgId);
  const name = (id: string | null) => (id ? (users.get(id)?.name ?? id) : null);
  const state =
    open
      ? "OPEN"
      : step.status === "APPROVED" || step.status === "REJECTED"
        ? "DECIDED"
        : step.status === "ESCALATED"
          ? "ESCALATED"
          : "CLOSED";
  return {
    state,
    approver,
    request: data.request,
    step,
    levelLabel: localize(data.request.levels[step.level].label, approver.locale),
    deadline: formatLocalTime(step.deadline, org.timeZone),
    showMargin: seesMargin(approver),
    decidedBy: name(step.decidedBy),
    decidedAt: step.decidedAt ? formatLocalTime(step.decidedAt, org.timeZone) : null,
    escalatedTo: step.escalatedTo.map((id) => name(id) ?? id),
    decisions: decisionLines(data.request, data.steps, users, org.timeZone, approver.locale),
    documentName: data.request.subjectType === "CONTRACT" ? (data.request.summary.documentName ?? null) : null,
  };
}

/**
 * A short-lived download URL for the contract draft behind a valid approval link (the link is the
 * credential, as for the page); null when the link is not valid or there is no draft.
 */
export async function documentUrl(deps: Deps, linkId: string): Promise<string | null> {
  const v = await viewLink(deps, linkId);
  if (v.state === "INVALID" || v.state === "REFUSED" || !v.documentName) return null;
  const [contract] = await deps.store.quotes.getContracts([v.request.subjectId]);
  if (!contract?.draftFileEvidenceId) return null;
  const file = (await deps.store.opportunities.evidence(contract.opportunityId)).find((e) => e.id === contract.draftFileEvidenceId && e.status === "UPLOADED");
  return file ? deps.files.downloadUrl(file.fileKey, file.fileName, 10 * 60) : null;
}

/** A decision posted from the link's page: the link names the approver and the step. */
export async function decideByLink(deps: Deps, linkId: string, decision: Decision, comment: string | null) {
  const a = await assignmentForLink(deps, linkId);
  return decideStep(deps, { requestId: a.requestId, stepKey: a.stepKey, deciderId: a.approverId, decision, comment });
}
