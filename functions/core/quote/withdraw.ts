import { ConditionFailedError } from "../../store";
import type { Actor } from "../actor";
import { newActivity } from "../activity";
import { finishedBeforeWithdrawal, withdrawal } from "../approval/submit";
import { VersionConflictError } from "../errors";
import { isApproved, type Quote } from "./model";
import { quoteToChange } from "./quote";

/**
 * Takes a pending revision out of approval; the next edit or submission starts revision N+1. Its
 * approval may end at the same moment: the first committed write wins, so a withdrawal after the
 * outcome (or one that loses the race to it) is refused saying how it ended, and the outcome stands.
 */
export async function withdrawQuote(actor: Actor, id: string, reason?: string | null): Promise<Quote> {
  for (let round = 0; ; round++) {
    const q = await quoteToChange(actor, id);
    const ended = isApproved(q.status) || q.status === "REJECTED" || q.status === "EXPIRED";
    if (ended && q.approvalRequestId) {
      const finished = await finishedBeforeWithdrawal(actor.deps, (await actor.deps.store.approvals.load(q.approvalRequestId))?.request);
      if (finished) throw finished;
    }
    if (q.status !== "PENDING_APPROVAL") return q;
    const pending = await withdrawal(actor.deps, q.approvalRequestId);
    const finished = await finishedBeforeWithdrawal(actor.deps, pending.request);
    if (finished) throw finished; // decided, not yet applied to the quote: the workflow is applying it
    const now = actor.deps.clock.now();
    const next: Quote = { ...q, status: "WITHDRAWN", updatedAt: now.toISOString(), version: q.version + 1 };
    const activity = newActivity({ orgId: q.orgId, subjectType: "QUOTE", subjectId: id, kind: "APPROVAL_WITHDRAWN", actorId: actor.viewer.id, revision: q.revision, reason: reason ?? null }, now);
    try {
      const writes = [actor.deps.store.quotes.quoteWrite(next, q.version), ...pending.writes, actor.deps.store.quotes.revisionOutcome(id, q.revision, "WITHDRAWN")];
      await actor.deps.store.quotes.save(writes, activity);
    } catch (error) {
      // The quote or its approval moved on since the read (a step opened, the outcome landed): read again.
      if (!(error instanceof ConditionFailedError)) throw error;
      if (round >= 3) throw new VersionConflictError(q, q.version);
      continue;
    }
    await pending.after();
    return next;
  }
}
