import { ConditionFailedError } from "../../store";
import type { LabeledWrite } from "../../store/transact";
import type { Actor } from "../actor";
import { diffFields, type FieldChange, newActivity } from "../activity";
import { canonical } from "../canonical";
import { type ApprovalRequest, type ApprovalSummary } from "../approval/model";
import { effectivePolicy } from "../approval/policy";
import { newApprovalRequest, startWorkflow, withdrawal } from "../approval/submit";
import { visibleCustomer } from "../customer/access";
import { NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { markResult } from "../idempotency";
import { newId } from "../ids";
import { addDays, localDay } from "../local-day";
import { reapplyOnConflict } from "../reapply";
import { opportunityToChange, visibleOpportunity } from "../pipeline/access";
import { productsNamedIn, withTodaysPrices } from "./catalogue";
import { checkDraft, checkSubmittable, type QuoteDraftInput } from "./input";
import { refuseWithLiveContract } from "./live-contract";
import { isApproved, type Quote, type QuoteDraft, type QuoteRevision } from "./model";
import { computeTotals } from "./totals";
import { feasibilityReviewWrites, retireFeasibilityReviews } from "../work-order/quote-review";

/** A quote the viewer may see: one on a deal they may see. */
export async function visibleQuote(actor: Actor, id: string): Promise<Quote | null> {
  const [q] = await actor.deps.store.quotes.getMany([id]);
  if (!q || q.orgId !== actor.viewer.orgId) return null;
  return (await visibleOpportunity(actor, q.opportunityId)) ? q : null;
}

/** A quote to change: fresh from the table, on a deal the viewer works. */
export async function quoteToChange(actor: Actor, id: string): Promise<Quote> {
  const q = await visibleQuote(actor, id);
  if (!q) throw new NotFoundError("Quote", id);
  await opportunityToChange(actor, q.opportunityId);
  return q;
}


async function save(actor: Actor, prev: Quote | null, next: Quote, activity: Parameters<Actor["deps"]["store"]["quotes"]["save"]>[1], extra: LabeledWrite[] = []) {
  try {
    await actor.deps.store.quotes.save([actor.deps.store.quotes.quoteWrite(next, prev?.version ?? null), ...extra], activity);
  } catch (error) {
    // The quote, or the approval being withdrawn with it, changed meanwhile: read again and retry.
    if (!(error instanceof ConditionFailedError)) throw error;
    const [current] = await actor.deps.store.quotes.getMany([next.id]);
    throw new VersionConflictError(current, current?.version ?? 0);
  }
  return next;
}

/** A new quote, as draft revision 1, on a deal the viewer works. */
export async function createQuote(actor: Actor, input: QuoteDraftInput & { opportunityId: string }): Promise<Quote> {
  const opportunity = await opportunityToChange(actor, input.opportunityId);
  const draft = checkDraft({ vatRatePercent: 13, ...input }, null, await productsNamedIn(actor, input));
  const org = await actor.org();
  const now = actor.deps.clock.now();
  const year = localDay(now, org.timeZone).slice(0, 4);
  // The number is taken in the same transaction as the quote: a failed create leaves no gap.
  return actor.deps.store.quotes.numbered(org.id, `QUOTE-${year}`, async (n, takeNumber) => {
    const q: Quote = {
      id: newId(now),
      orgId: org.id,
      number: `BJ${year}-${String(n).padStart(5, "0")}`,
      opportunityId: opportunity.id,
      customerId: opportunity.customerId,
      ownerId: opportunity.ownerId,
      currency: org.currency,
      revision: 1,
      status: "DRAFT",
      draft,
      totals: computeTotals(draft),
      approvalRequestId: null,
      submittedAt: null,
      submittedBy: null,
      createdAt: now.toISOString(),
      createdBy: actor.viewer.id,
      updatedAt: now.toISOString(),
      version: 1,
    };
    markResult(q.id);
    await actor.deps.store.quotes.save(
      [actor.deps.store.quotes.quoteWrite(q, null), takeNumber, actor.deps.store.dealChildren.addWrite("QUOTE", q.opportunityId, q.id), actor.deps.store.quoteChildren.createWrite(q.id)],
      newActivity({ orgId: q.orgId, subjectType: "QUOTE", subjectId: q.id, kind: "CREATED", actorId: actor.viewer.id }, now),
    );
    return q;
  });
}

/**
 * Edits the draft. A submitted revision is frozen, so editing one starts revision N+1 and withdraws
 * any approval still running for N, in the same transaction.
 */
export async function updateQuote(actor: Actor, id: string, expectedVersion: number, input: QuoteDraftInput): Promise<Quote> {
  const q = await quoteToChange(actor, id);
  if (q.version !== expectedVersion) throw new VersionConflictError(q, q.version);
  const draft = checkDraft(input, q.draft, await productsNamedIn(actor, input));
  return commitDraft(actor, q, draft, draftChanges(q.draft, draft));
}

/**
 * What an edit changed, for the timeline. Lines are named, not shown: their stored form carries
 * costs, which the timeline's readers may not see.
 */
function draftChanges(before: QuoteDraft, after: QuoteDraft): FieldChange[] {
  const linesChanged = JSON.stringify(canonical(before.lines)) !== JSON.stringify(canonical(after.lines));
  return [
    ...(linesChanged ? [{ field: "lines", old: null, new: null }] : []),
    ...diffFields(before, after, ["extraDiscountFen", "vatRateBp", "paymentTerms", "deliveryTerms", "validUntil", "notes", "riskNote"]),
  ];
}

/**
 * Stores a changed draft of `q` (read at the expected version), starting revision N+1 when N was
 * submitted. `changes`: what the timeline shows as changed (never costs).
 */
export async function commitDraft(actor: Actor, q: Quote, draft: QuoteDraft, changes: FieldChange[]): Promise<Quote> {
  const id = q.id;
  // A contract taking the quote races this write on the quote's version: one of the two re-reads.
  await refuseWithLiveContract(actor.deps, q, "UPDATE");
  const now = actor.deps.clock.now();
  const revise = q.status !== "DRAFT";
  const pending = q.status === "PENDING_APPROVAL" ? await withdrawal(actor.deps, q.approvalRequestId) : null;
  const next: Quote = {
    ...q,
    draft,
    totals: computeTotals(draft),
    revision: revise ? q.revision + 1 : q.revision,
    status: "DRAFT",
    approvalRequestId: revise ? null : q.approvalRequestId,
    updatedAt: now.toISOString(),
    version: q.version + 1,
  };
  const activity = newActivity(
    {
      orgId: q.orgId,
      subjectType: "QUOTE",
      subjectId: id,
      kind: pending?.writes.length ? "APPROVAL_WITHDRAWN" : "UPDATED",
      actorId: actor.viewer.id,
      revision: q.revision,
      changes,
      reason: pending?.writes.length ? `修改为第${next.revision}版` : null,
    },
    now,
  );
  const extra = pending?.writes.length ? [...pending.writes, actor.deps.store.quotes.revisionOutcome(id, q.revision, "WITHDRAWN")] : [];
  await save(actor, q, next, activity, extra);
  await pending?.after();
  return next;
}

/** What approvers see of a quote, frozen with the revision. */
async function summaryOf(actor: Actor, q: Quote, revision: number): Promise<ApprovalSummary> {
  const [customer, opportunity] = await Promise.all([visibleCustomer(actor, q.customerId), visibleOpportunity(actor, q.opportunityId)]);
  return {
    reference: `${q.number} (v${revision})`,
    title: opportunity?.title ?? "",
    customerName: customer?.name ?? "",
    currency: q.currency,
    listFen: q.totals.listFen,
    netFen: q.totals.netFen,
    totalFen: q.totals.totalFen,
    discountPercent: q.totals.discountPercent,
    marginPercent: q.totals.marginPercent,
    linesBelowFloor: q.totals.linesBelowFloor,
    riskNote: q.draft.riskNote,
    paymentTerms: q.draft.paymentTerms,
    submitterName: actor.viewer.name,
  };
}

/**
 * Freezes the current revision and starts its approval when the policy asks for one; otherwise it
 * is approved as it is. Submitting again while it is pending or approved changes nothing; after a
 * rejection, expiry or withdrawal it submits the same content as the next revision.
 */
export const submitQuote = (actor: Actor, id: string): Promise<Quote> => reapplyOnConflict(() => submitOnce(actor, id));

/** The view link stays open until the validity ends (and a while after): an offer holds for a year at most. */
const MAX_VALIDITY_DAYS = 365;

function checkValidity(validUntil: string | null, today: string) {
  const latest = addDays(today, MAX_VALIDITY_DAYS);
  if (!validUntil || validUntil <= latest) return;
  throw new ValidationError([
    {
      path: ["validUntil"],
      code: "TOO_LATE",
      text: { zh: `报价有效期最长为提交之日起${MAX_VALIDITY_DAYS}天（不晚于${latest}）`, en: `can be at most ${MAX_VALIDITY_DAYS} days after submission (${latest} at the latest)` },
    },
  ]);
}

/** One attempt: a submission racing this one makes it re-read, and find the quote submitted. */
async function submitOnce(actor: Actor, id: string): Promise<Quote> {
  const q = await quoteToChange(actor, id);
  if (q.status === "PENDING_APPROVAL" || isApproved(q.status)) return q;
  const org = await actor.org();
  const now = actor.deps.clock.now();
  const today = localDay(now, org.timeZone);
  checkSubmittable(q.draft, today);
  checkValidity(q.draft.validUntil, today);
  const revision = q.status === "DRAFT" ? q.revision : q.revision + 1;
  const opportunity = (await visibleOpportunity(actor, q.opportunityId))!;
  // The price book's prices of today go into the frozen revision; the figures follow from them.
  const draft = await withTodaysPrices(actor, q.draft);
  const priced: Quote = { ...q, draft, totals: computeTotals(draft) };
  const request: ApprovalRequest | null = newApprovalRequest(actor, effectivePolicy("QUOTE", org.approvalPolicies.QUOTE), {
    type: "QUOTE",
    id,
    revision,
    opportunityId: q.opportunityId,
    ownerId: opportunity.ownerId,
    figures: priced.totals,
    summary: await summaryOf(actor, priced, revision),
  });
  const status = request ? "PENDING_APPROVAL" : "APPROVED";
  const next: Quote = { ...priced, revision, status, approvalRequestId: request?.id ?? null, submittedAt: now.toISOString(), submittedBy: actor.viewer.id, updatedAt: now.toISOString(), version: q.version + 1 };
  const frozen: QuoteRevision = { quoteId: id, revision, draft: priced.draft, totals: priced.totals, submittedAt: now.toISOString(), submittedBy: actor.viewer.id, approvalRequestId: request?.id ?? null, outcome: status };
  const store = actor.deps.store;
  const activity = newActivity({ orgId: q.orgId, subjectType: "QUOTE", subjectId: id, kind: "APPROVAL_SUBMITTED", actorId: actor.viewer.id, revision, decision: status }, now);
  // The technical feasibility review for TECH is opened with the submission (one per revision).
  const review = await feasibilityReviewWrites(actor, next, revision);
  markResult(id);
  await save(actor, q, next, activity, [store.quotes.revisionWrite(frozen), ...(request ? [store.approvals.requestWrite(request, null)] : []), ...review]);
  if (request) await startWorkflow(actor.deps, request.id);
  // The previous revision's review asks about figures that no longer stand.
  if (revision > 1) await retireFeasibilityReviews(actor.deps, next, [revision - 1], `已有新版本（第${revision}版）`);
  return next;
}
