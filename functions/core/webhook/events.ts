import type { Activity } from "../activity";
import { newId } from "../ids";
import { isOpen } from "../pipeline/stages";

/** What an endpoint can subscribe to; `type` in every payload. */
export const WEBHOOK_EVENT_TYPES = [
  "customer.created",
  "customer.owner_changed",
  "customer.released",
  "opportunity.stage_changed",
  "opportunity.won",
  "opportunity.lost",
  "quote.submitted",
  "quote.approved",
  "quote.rejected",
  "quote.sent",
  "quote.viewed",
  "quote.accepted",
  "contract.signed",
  "payment.recorded",
  "work_order.breached",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Subjects an event can be about: the timeline's, and payments (which have no timeline of their own). */
export type EventSubjectType = Activity["subjectType"] | "PAYMENT";

/**
 * An event as the outbox holds it, written in the transaction that made the change: what happened
 * to which record, never the record's fields (those are read and frozen into the delivery when it is
 * fanned out, so the table holds no second copy of private data).
 */
export interface WebhookEvent {
  /** Stable for receivers' dedupe: `evt_<activity id>` (a second event of one activity adds `_<n>`). */
  id: string;
  orgId: string;
  type: WebhookEventType;
  occurredAt: string;
  subjectType: EventSubjectType;
  subjectId: string;
  /** What changed, from the timeline entry: stages, owners, the decision, the revision (coded fields only: never a typed reason). */
  change: Record<string, string | number | null>;
}

const changeOf = (a: Activity): WebhookEvent["change"] => {
  const out: WebhookEvent["change"] = {};
  for (const k of ["fromStage", "toStage", "fromOwnerId", "toOwnerId", "revision", "decision", "workOrderId"] as const) {
    const v = a[k];
    if (v !== undefined && v !== null && (typeof v === "string" || typeof v === "number")) out[k] = v;
  }
  return out;
};

/**
 * The events a timeline entry stands for. Every listed change but a payment writes one (a payment
 * is told by its own item, see `eventOfPayment`); a quote sent or viewed writes its event itself.
 */
export function eventTypesOf(a: Pick<Activity, "subjectType" | "kind" | "fromStage" | "toStage" | "decision">): WebhookEventType[] {
  switch (a.subjectType) {
    case "CUSTOMER":
      if (a.kind === "CREATED") return ["customer.created"];
      if (a.kind === "CLAIMED" || a.kind === "REASSIGNED") return ["customer.owner_changed"];
      if (a.kind === "RELEASED" || a.kind === "AUTO_RELEASED") return ["customer.released"];
      return [];
    case "OPPORTUNITY":
      if (a.kind === "STAGE_CHANGED") return a.toStage === "CONTRACT_SIGNED" && a.fromStage && isOpen(a.fromStage) ? ["opportunity.stage_changed", "opportunity.won"] : ["opportunity.stage_changed"];
      if (a.kind === "MARKED_LOST") return ["opportunity.stage_changed", "opportunity.lost"];
      return [];
    case "QUOTE":
      if (a.kind === "APPROVAL_SUBMITTED") return ["quote.submitted"];
      if (a.kind === "APPROVAL_FINISHED" && a.decision === "APPROVED") return ["quote.approved"];
      if (a.kind === "APPROVAL_FINISHED" && a.decision === "REJECTED") return ["quote.rejected"];
      if (a.kind === "QUOTE_ACCEPTED") return ["quote.accepted"];
      return [];
    case "CONTRACT":
      return a.kind === "CONTRACT_SIGNED" ? ["contract.signed"] : [];
    case "WORK_ORDER":
      return a.kind === "WORK_ORDER_BREACHED" ? ["work_order.breached"] : [];
    default:
      return [];
  }
}

export function eventsOfActivity(a: Activity): WebhookEvent[] {
  return eventTypesOf(a).map((type, i) => ({
    id: `evt_${a.id}${i ? `_${i}` : ""}`,
    orgId: a.orgId,
    type,
    occurredAt: a.at,
    subjectType: a.subjectType,
    subjectId: a.subjectId,
    change: changeOf(a),
  }));
}

/** A payment item put for the first time (its reference is unique in the organization). */
export function eventOfPayment(p: { orgId: string; reference: string; contractId: string; recordedAt: string }): WebhookEvent {
  return {
    id: `evt_${newId(new Date(p.recordedAt))}`,
    orgId: p.orgId,
    type: "payment.recorded",
    occurredAt: p.recordedAt,
    subjectType: "PAYMENT",
    subjectId: p.reference,
    change: { contractId: p.contractId },
  };
}
