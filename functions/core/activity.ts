import { canonical } from "./canonical";
import { newId } from "./ids";
import type { FollowUpKind } from "./customer/model";
import type { EvidenceKind, Stage } from "./pipeline/stages";

/** Every change leaves one of these: the timeline and the audit trail. */
export const ACTIVITY_KINDS = [
  "CREATED",
  "UPDATED",
  "FOLLOW_UP",
  "PRIVATE_NOTE",
  "CLAIMED",
  "RELEASED",
  "AUTO_RELEASED",
  "REASSIGNED",
  "STAGE_CHANGED",
  "MARKED_LOST",
  "EVIDENCE_ADDED",
  "TARGET_SET",
  "APPROVAL_SUBMITTED",
  "APPROVAL_DECIDED",
  "APPROVAL_FINISHED",
  "APPROVAL_WITHDRAWN",
  "CONTRACT_SIGNED",
  /** The customer, through the quote email's link (actor null; `note` names them). */
  "QUOTE_ACCEPTED",
  "QUOTE_CHANGES_REQUESTED",
  /** The rep took back an approved (sent or accepted) revision: the customer can no longer accept it. */
  "QUOTE_WITHDRAWN",
  /** A draft or approved (unsigned) contract taken back: its quote may be edited or withdrawn again. */
  "CONTRACT_WITHDRAWN",
  /** Work orders: opened, assigned, moved to another status, past a deadline (also on the customer and deal). */
  "WORK_ORDER_OPENED",
  "WORK_ORDER_ASSIGNED",
  "WORK_ORDER_STATUS_CHANGED",
  "WORK_ORDER_BREACHED",
  /** A signed contract's payment plan replaced (on the deal's timeline; `note` the contract number, changes old → new). */
  "PAYMENT_PLAN_CHANGED",
  /** A signed contract's delivery or acceptance recorded (on the deal's timeline; `decision` DELIVERY/ACCEPTANCE, changes the day). */
  "CONTRACT_EVENT_RECORDED",
  /** A list exported to a file (on the organization's timeline; `decision` the kind, `note` the rows, `reason` the filter). */
  "DATA_EXPORTED",
  /** A webhook endpoint created, changed, re-keyed or deleted (on the organization's timeline; `decision` which, `note` where it sends). */
  "WEBHOOK_CHANGED",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export type SubjectType = "CUSTOMER" | "USER" | "ORGANIZATION" | "OPPORTUNITY" | "QUOTE" | "CONTRACT" | "PRODUCT" | "WORK_ORDER";

export interface FieldChange {
  field: string;
  old: string | null;
  new: string | null;
}

export interface Activity {
  id: string;
  orgId: string;
  subjectType: SubjectType;
  subjectId: string;
  kind: ActivityKind;
  at: string;
  /** null when the system acted (the pool sweep). */
  actorId: string | null;
  changes: FieldChange[];
  followUpKind?: FollowUpKind;
  occurredAt?: string;
  nextActionOn?: string | null;
  note?: string | null;
  reason?: string | null;
  fromOwnerId?: string | null;
  toOwnerId?: string | null;
  /** Days without follow-up that triggered an automatic release. */
  days?: number;
  fromStage?: Stage;
  toStage?: Stage;
  evidenceId?: string;
  evidenceKind?: EvidenceKind;
  /** Approvals: the quote revision, and the decision or outcome (APPROVED, REJECTED, EXPIRED…). */
  revision?: number;
  decision?: string;
  /** Work orders: which one (on the customer's and deal's timelines too), and the status it left and entered. */
  workOrderId?: string;
  fromStatus?: string;
  toStatus?: string;
  /** Private notes: only this user ever sees the entry. */
  visibleTo?: string;
}

export function newActivity(
  base: Pick<Activity, "orgId" | "subjectType" | "subjectId" | "kind" | "actorId"> & Partial<Activity>,
  at: Date,
): Activity {
  return { changes: [], ...base, id: newId(at), at: at.toISOString() };
}

const show = (v: unknown): string | null =>
  v === null || v === undefined || (Array.isArray(v) && v.length === 0) ? null : typeof v === "string" ? v : JSON.stringify(canonical(v));

/** Field-by-field changes between two versions, old → new, as the timeline shows them. */
export function diffFields<T extends object>(before: T | null, after: T, fields: readonly (keyof T & string)[]): FieldChange[] {
  return fields.flatMap((field) => {
    const [o, n] = [show(before?.[field]), show(after[field])];
    return o === n ? [] : [{ field, old: o, new: n }];
  });
}
