import { ConditionFailedError } from "../../store";
import type { Deps } from "../actor";
import { newActivity } from "../activity";
import type { ApprovalRequest } from "../approval/model";
import type { Quote } from "./model";

/**
 * A quote takes the outcome of its approval, if that approval is still the quote's current one (an
 * edit since then started a new revision and withdrew it). The frozen revision records it either way.
 */
export async function applyQuoteOutcome(deps: Deps, r: ApprovalRequest): Promise<void> {
  if (r.status === "PENDING") return;
  for (let attempt = 0; attempt < 3; attempt++) {
    const [[q], frozen] = await Promise.all([deps.store.quotes.getMany([r.subjectId]), deps.store.quotes.getRevision(r.subjectId, r.revision)]);
    if (!q || frozen?.outcome === r.status) return; // already applied (the finish task ran twice)
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
    }
  }
}
