import type { LabeledWrite } from "../../store/transact";
import type { Actor } from "../actor";
import type { Quote } from "../quote/model";
import { FEASIBILITY_REVIEW } from "./default-types";
import { creationWrites, newWorkOrder } from "./open";
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
    urgent: false,
    fields: type.fields.some((f) => f.key === "revision") ? { revision } : {},
    createdBy: actor.viewer.id,
    originKey: `QUOTE#${quote.id}#${revision}`,
  });
  return creationWrites(actor.deps, wo, actor.viewer.id);
}
