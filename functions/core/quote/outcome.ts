import { ConditionFailedError } from "../../store";
import type { Deps } from "../actor";
import { newActivity } from "../activity";
import type { ApprovalRequest } from "../approval/model";
import type { Quote } from "./model";

/**
 * A quote takes the outcome of its approval, if that approval is still the quote's current one (an
 * edit since then started a new revision and withdrew it). The frozen revision records it either way,
 * unless it has one already: a final outcome is never overwritten.
 */
export async function applyQuoteOutcome(deps: Deps, r: ApprovalRequest): Promise<void> {
  if (r.status === "PENDING") return;
  // Each conflict means the quote changed meanwhile: read again. Never give up silently: past the
  // last attempt the task fails, and the workflow's retry (or the re-drive) applies the outcome later.
  for (let attempt = 1; ; attempt++) {
    const [[q], frozen] = await Promise.all([deps.store.quotes.getMany([r.subjectId]), deps.store.quotes.getRevision(r.subjectId, r.revision)]);
    if (!q || frozen?.outcome === r.status) return; // already applied (the finish task ran twice)
    // The revision has an outcome already (withdrawn first): the first one recorded stands.
    if (frozen && frozen.outcome !== "PENDING_APPROVAL") return;
    const current = q.approvalRequestId === r.id && q.status === "PENDING_APPROVAL";
    const revision = deps.store.quotes.revisionOutcome(q.id, r.revision, r.status);
    const now = deps.clock.now();
    const activity = newActivity(
      { orgId: q.orgId, subjectType: "QUOTE", subjectId: q.id, kind: "APPROVAL_FINISHED", actorId: null, revision: r.revision, decision: r.status },
      now,
    );
    try {
      if (!current) {
        await deps.store.quotes.save([revision], activity);
        return;
      }
      const next: Quote = { ...q, status: r.status, updatedAt: now.toISOString(), version: q.version + 1 };
      await deps.store.quotes.save([deps.store.quotes.quoteWrite(next, q.version), revision], activity);
      return;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      if (attempt >= OUTCOME_ATTEMPTS) throw new Error(`Quote ${r.subjectId} kept changing; the outcome of approval ${r.id} is not applied yet`, { cause: error });
      await new Promise((done) => setTimeout(done, 10 * attempt + Math.random() * 20));
    }
  }
}

const OUTCOME_ATTEMPTS = 10;
