import { ConditionFailedError } from "../../store";
import type { Actor } from "../actor";
import { newActivity } from "../activity";
import { finishedBeforeWithdrawal, withdrawal } from "../approval/submit";
import { VersionConflictError } from "../errors";
import { Checker } from "../validate";
import { isApproved, type Quote } from "./model";
import { refuseWithLiveContract } from "./live-contract";
import { quoteToChange } from "./quote";
import { retireFeasibilityReviews } from "../work-order/quote-review";

/**
 * Takes a pending revision out of approval, or an approved one (sent or accepted) off the table; the
 * next edit or submission starts revision N+1. What is withdrawn is what the rep saw at the first
 * read: a pending approval may end at the same moment, and the first committed write wins, so a
 * withdrawal from approval after the outcome (or one that loses the race to it) is refused saying
 * how it ended, and the outcome stands (withdrawing again then withdraws the approved offer).
 */
export async function withdrawQuote(actor: Actor, id: string, given?: string | null): Promise<Quote> {
  const c = new Checker();
  const reason = c.text("reason", given, { max: 500 }) ?? null;
  c.done();
  for (let round = 0; ; round++) {
    const q = await quoteToChange(actor, id);
    if (round === 0 && isApproved(q.status)) return withdrawOffer(actor, q, reason);
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
    await retireFeasibilityReviews(actor.deps, next, [next.revision], "报价已撤回");
    return next;
  }
}

/**
 * The approved revision (sent or accepted) is withdrawn: the customer's links then refuse to accept
 * it and say so, it can no longer be sent or contracted, and the next edit starts revision N+1. An
 * acceptance already given stays recorded. Refused while a contract stands on the quote.
 */
async function withdrawOffer(actor: Actor, read: Quote, reason?: string | null): Promise<Quote> {
  for (let round = 0, q = read; ; round++) {
    // A contract taking the quote writes it too (takeQuoteSlot): whichever commits second re-reads.
    await refuseWithLiveContract(actor.deps, q, "WITHDRAW");
    const now = actor.deps.clock.now();
    const next: Quote = { ...q, status: "WITHDRAWN", updatedAt: now.toISOString(), version: q.version + 1 };
    const activity = newActivity({ orgId: q.orgId, subjectType: "QUOTE", subjectId: q.id, kind: "QUOTE_WITHDRAWN", actorId: actor.viewer.id, revision: q.revision, reason: reason ?? null }, now);
    try {
      await actor.deps.store.quotes.save([actor.deps.store.quotes.quoteWrite(next, q.version), actor.deps.store.quotes.revisionOutcome(q.id, q.revision, "WITHDRAWN")], activity);
      await retireFeasibilityReviews(actor.deps, next, [next.revision], "报价已撤回");
      return next;
    } catch (error) {
      // The customer accepted, or a contract took the quote, since the read: judge again.
      if (!(error instanceof ConditionFailedError)) throw error;
      const current = await quoteToChange(actor, q.id);
      if (current.status === "WITHDRAWN" && current.revision === q.revision) return current;
      if (round >= 3 || !isApproved(current.status) || current.revision !== q.revision) throw new VersionConflictError(current, current.version);
      q = current;
    }
  }
}
