import type { Actor, Deps } from "../actor";
import { markResult } from "../idempotency";
import { newActivity } from "../activity";
import type { ApprovalRequest, ApprovalSummary } from "../approval/model";
import { applicableLevels, type SubjectFigures } from "../approval/policy";
import { finishedBeforeWithdrawal, newApprovalRequest, startWorkflow, withdrawal } from "../approval/submit";
import { VersionConflictError } from "../errors";
import { localDay } from "../local-day";
import type { QuoteRevision } from "../quote/model";
import { reapplyOnConflict } from "../reapply";
import { Checker } from "../validate";
import { checkDealOpenFor, checkEvidence, contractToChange, saveContract, takeQuoteSlot } from "./access";
import { ContractStatusError } from "./errors";
import { CLOSED_CONTRACT_STATUSES, type Contract, revisionOf } from "./model";
import { checkPlan, planInput, planText } from "./plan";

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0);

/**
 * What the contract policy judges: the quote revision approved for this contract (never the quote's
 * current draft), at the contract's own amount. A negotiated amount scales the revision's net price
 * in proportion (so a lower amount shows as more discount and less margin); list and cost stay.
 */
export function contractFigures(revision: Pick<QuoteRevision, "totals">, amountFen: number): SubjectFigures {
  const t = revision.totals;
  const netFen = t.totalFen > 0 ? Number((BigInt(t.netFen) * BigInt(amountFen) + BigInt(t.totalFen) / 2n) / BigInt(t.totalFen)) : t.netFen;
  return { listFen: t.listFen, netFen, costFen: t.costFen, totalFen: amountFen };
}

/** Whether a level of these applies that LEGAL reviews: it needs the contract text. */
const legalReviews = (levels: ReturnType<typeof applicableLevels>) => levels.some((l) => l.approver.kind === "ROLE" && l.approver.role === "LEGAL");

/**
 * Sends the contract through the contract policy (legal, finance, GM above a threshold). A draft is
 * submitted as it is; a rejected, expired or withdrawn one as its next revision. Pending, approved
 * or signed: refused, saying so.
 */
export const submitContract = (actor: Actor, id: string): Promise<Contract> => reapplyOnConflict(() => submitOnce(actor, id));

async function submitOnce(actor: Actor, id: string): Promise<Contract> {
  const contract = await contractToChange(actor, id);
  if (contract.status !== "DRAFT" && !CLOSED_CONTRACT_STATUSES.includes(contract.status)) throw new ContractStatusError(contract.status, "SUBMIT");
  const opportunity = await checkDealOpenFor(actor, contract.opportunityId, contract.id);
  // A resubmission revives it: the quote must not have got another live contract meanwhile.
  const slot = contract.status === "DRAFT" ? [] : await takeQuoteSlot(actor, contract.quoteId, contract.id);
  const org = await actor.org();
  const [q] = await actor.deps.store.quotes.getMany([contract.quoteId]);
  const approved = (await actor.deps.store.quotes.getRevision(contract.quoteId, contract.quoteRevision)) ?? { totals: q!.totals, draft: q!.draft };
  const figures = contractFigures(approved, contract.amount.fen);
  const policy = org.approvalPolicies.CONTRACT;
  const c = new Checker();
  checkPlan(planInput(contract.paymentPlan, contract.amount.currency), contract.amount, c, { from: localDay(actor.deps.clock.now(), org.timeZone), code: "IN_PAST" });
  if (legalReviews(applicableLevels(policy, figures)) && !contract.draftFileEvidenceId) {
    c.fail("draftFileEvidenceId", "REQUIRED", { zh: "法务审核需要合同草稿，请先上传并关联", en: "legal review needs the contract draft: upload and attach it first" });
  }
  await checkEvidence(actor, contract.opportunityId, "draftFileEvidenceId", contract.draftFileEvidenceId, "CONTRACT_DRAFT", c);
  c.done();
  const revision = contract.status === "DRAFT" ? revisionOf(contract) : revisionOf(contract) + 1;
  const draft = contract.draftFileEvidenceId
    ? (await actor.deps.store.opportunities.evidence(contract.opportunityId)).find((e) => e.id === contract.draftFileEvidenceId)
    : undefined;
  const summary: ApprovalSummary = {
    reference: `${contract.number} (v${revision})`,
    title: opportunity.title,
    customerName: contract.buyerName,
    currency: contract.amount.currency,
    listFen: figures.listFen,
    netFen: figures.netFen,
    totalFen: figures.totalFen,
    discountPercent: percent(figures.listFen - figures.netFen, figures.listFen),
    marginPercent: figures.costFen === null ? null : percent(figures.netFen - figures.costFen, figures.netFen),
    riskNote: approved.draft?.riskNote ?? null,
    paymentTerms: planText(contract.paymentPlan, contract.amount.currency),
    submitterName: actor.viewer.name,
    documentName: draft?.fileName ?? null,
  };
  const request: ApprovalRequest | null = newApprovalRequest(actor, policy, {
    type: "CONTRACT",
    id,
    revision,
    opportunityId: contract.opportunityId,
    ownerId: opportunity.ownerId,
    figures,
    summary,
  });
  const now = actor.deps.clock.now();
  const next: Contract = {
    ...contract,
    revision,
    status: request ? "PENDING_APPROVAL" : "APPROVED",
    approvalRequestId: request?.id ?? null,
    approvalRequestIds: request ? [...(contract.approvalRequestIds ?? (await actor.deps.store.approvals.forSubject("CONTRACT", id)).map((r) => r.id)), request.id] : contract.approvalRequestIds,
    approvedAt: request ? null : now.toISOString(),
    updatedAt: now.toISOString(),
    version: contract.version + 1,
  };
  const activity = newActivity({ orgId: org.id, subjectType: "CONTRACT", subjectId: id, kind: "APPROVAL_SUBMITTED", actorId: actor.viewer.id, revision, decision: next.status }, now);
  markResult(id);
  await saveContract(actor.deps, contract, next, activity, [...slot, ...(request ? [actor.deps.store.approvals.requestWrite(request, null)] : [])]);
  if (request) await startWorkflow(actor.deps, request.id);
  return next;
}

/**
 * Takes a pending contract out of approval; it can then be edited or submitted again (next revision).
 * The first committed write wins: after (or racing) the approval's outcome, refused saying how it ended.
 */
export async function withdrawContract(actor: Actor, id: string, reason?: string | null): Promise<Contract> {
  const c = new Checker();
  const why = c.text("reason", reason, { max: 500 }) ?? null;
  c.done();
  // A decision landing between the read and the write fails the write: read again, and be told.
  return reapplyOnConflict(() => withdrawOnce(actor, id, why));
}

async function withdrawOnce(actor: Actor, id: string, why: string | null): Promise<Contract> {
  const contract = await contractToChange(actor, id);
  const finishedFirst = async () => finishedBeforeWithdrawal(actor.deps, contract.approvalRequestId ? (await actor.deps.store.approvals.load(contract.approvalRequestId))?.request : null);
  if (contract.status === "DRAFT" || contract.status === "APPROVED") return withdrawUnsigned(actor, contract, why);
  // Signed is past any approval race: say what it is.
  if (contract.status === "SIGNED") throw new ContractStatusError(contract.status, "WITHDRAW");
  if (contract.status !== "PENDING_APPROVAL") throw (await finishedFirst()) ?? new ContractStatusError(contract.status, "WITHDRAW");
  const pending = await withdrawal(actor.deps, contract.approvalRequestId);
  const finished = await finishedBeforeWithdrawal(actor.deps, pending.request);
  if (finished) throw finished;
  const now = actor.deps.clock.now();
  const next: Contract = { ...contract, status: "WITHDRAWN", updatedAt: now.toISOString(), version: contract.version + 1 };
  const activity = newActivity(
    { orgId: contract.orgId, subjectType: "CONTRACT", subjectId: id, kind: "APPROVAL_WITHDRAWN", actorId: actor.viewer.id, revision: revisionOf(contract), reason: why },
    now,
  );
  try {
    await saveContract(actor.deps, contract, next, activity, pending.writes);
  } catch (error) {
    throw (error instanceof VersionConflictError && (await finishedFirst())) || error;
  }
  await pending.after();
  return next;
}

/**
 * A contract not in approval and not signed (a draft, or approved and waiting for signatures) is taken
 * back as it is: nobody signs it, and its quote can be edited or withdrawn again (one live contract per quote).
 */
async function withdrawUnsigned(actor: Actor, contract: Contract, why: string | null): Promise<Contract> {
  const now = actor.deps.clock.now();
  const next: Contract = { ...contract, status: "WITHDRAWN", updatedAt: now.toISOString(), version: contract.version + 1 };
  const activity = newActivity(
    { orgId: contract.orgId, subjectType: "CONTRACT", subjectId: contract.id, kind: "CONTRACT_WITHDRAWN", actorId: actor.viewer.id, revision: revisionOf(contract), reason: why },
    now,
  );
  await saveContract(actor.deps, contract, next, activity, []);
  return next;
}

/** The contract takes its approval's outcome, if that approval is still its current one. */
export async function applyContractOutcome(deps: Deps, r: ApprovalRequest): Promise<void> {
  if (r.status === "PENDING") return;
  const [contract] = await deps.store.quotes.getContracts([r.subjectId]);
  if (!contract || contract.approvalRequestId !== r.id || contract.status !== "PENDING_APPROVAL") return;
  const now = deps.clock.now();
  const next: Contract = {
    ...contract,
    status: r.status,
    approvedAt: r.status === "APPROVED" ? (r.finishedAt ?? now.toISOString()) : null,
    updatedAt: now.toISOString(),
    version: contract.version + 1,
  };
  const activity = newActivity({ orgId: contract.orgId, subjectType: "CONTRACT", subjectId: contract.id, kind: "APPROVAL_FINISHED", actorId: null, revision: r.revision, decision: r.status }, now);
  try {
    await saveContract(deps, contract, next, activity);
  } catch (error) {
    if (error instanceof VersionConflictError) return; // applied by an earlier run of the task
    throw error;
  }
}
