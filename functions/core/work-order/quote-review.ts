import { ConditionFailedError } from "../../store";
import type { LabeledWrite } from "../../store/transact";
import type { Actor, Deps } from "../actor";
import type { Quote } from "../quote/model";
import { FEASIBILITY_REVIEW } from "./default-types";
import { isOpenStatus, type WorkOrder } from "./model";
import { creationWrites, newWorkOrder, timelineEntries } from "./open";
import { settledSlaWrites } from "./sla";
import { typeOf, workOrderSettingsOf } from "./settings";

/**
 * Submitting a quote revision asks TECH for a technical feasibility review due in 24 business hours
 * (the seeds' rule; ADMIN turns it off in the work-order settings). The writes go in the submission's
 * transaction: one review per revision (its origin marker), none without the submission.
 */
export async function feasibilityReviewWrites(actor: Actor, quote: Quote, revision: number): Promise<LabeledWrite[]> {
  const settings = await workOrderSettingsOf(actor.deps, quote.orgId);
  const type = settings.feasibilityReviewOnQuoteSubmit ? typeOf(settings, FEASIBILITY_REVIEW) : undefined;
  if (!type) return [];
  const wo = newWorkOrder(actor.deps, await actor.org(), type, {
    customerId: quote.customerId,
    opportunityId: quote.opportunityId,
    quoteId: quote.id,
    contractId: null,
    title: `技术可行性评审：报价单 ${quote.number} 第${revision}版`,
    titleText: { zh: `技术可行性评审：报价单 ${quote.number} 第${revision}版`, en: `Technical feasibility review: quote ${quote.number} rev. ${revision}` },
    urgent: false,
    fields: type.fields.some((f) => f.key === "revision") ? { revision } : {},
    createdBy: actor.viewer.id,
    originKey: `QUOTE#${quote.id}#${revision}`,
  });
  return creationWrites(actor.deps, wo, actor.viewer.id);
}

/**
 * A review nobody needs any more: the revision it asks about was superseded by a new submission, or
 * the quote was withdrawn. Its open review (TECH has not finished it) is rejected by the system with
 * the reason, so TECH is not asked about a revision that no longer stands nor charged a breach for it.
 */
export async function retireFeasibilityReviews(deps: Deps, quote: Pick<Quote, "id" | "orgId">, revisions: number[], reason: string): Promise<void> {
  for (const revision of revisions) {
    for (let round = 0; round < 3; round++) {
      const wo = await deps.store.workOrders.byOrigin(quote.orgId, `QUOTE#${quote.id}#${revision}`);
      if (!wo || !isOpenStatus(wo.status)) break;
      const now = deps.clock.now().toISOString();
      const next: WorkOrder = { ...wo, status: "REJECTED", statusAt: { ...wo.statusAt, REJECTED: now }, respondedAt: wo.respondedAt ?? now, finishedAt: now, rejectReason: reason, version: wo.version + 1, updatedAt: now };
      const entries = timelineEntries(next, { kind: "WORK_ORDER_STATUS_CHANGED", actorId: null, fromStatus: wo.status, toStatus: "REJECTED", reason }, new Date(now));
      try {
        await deps.store.workOrders.write([...deps.store.workOrders.updateWrites(wo, next, entries), ...settledSlaWrites(deps, wo, next)]);
        break;
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error; // moved meanwhile: read again
      }
    }
  }
}
