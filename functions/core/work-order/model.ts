import { type Locale, localize, type Text } from "../text";
import type { Role } from "../user/model";

/**
 * A work order (工单): a request from sales to another department (technical, finance, legal…)
 * with a response and a resolution deadline in business hours, instead of a chat message.
 */
export const WORK_ORDER_STATUSES = ["OPEN", "ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED", "CLOSED", "REJECTED"] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/**
 * Where each status may go; REJECTED (with a reason) from anything not yet resolved. From RESOLVED
 * the requester confirms (CLOSED) or sends it back (IN_PROGRESS, with a reason).
 */
export const NEXT_STATUSES: Record<WorkOrderStatus, WorkOrderStatus[]> = {
  OPEN: ["ACKNOWLEDGED", "REJECTED"],
  ACKNOWLEDGED: ["IN_PROGRESS", "REJECTED"],
  IN_PROGRESS: ["RESOLVED", "REJECTED"],
  RESOLVED: ["CLOSED", "IN_PROGRESS"],
  CLOSED: [],
  REJECTED: [],
};

/** Still someone's to handle: in the assignee's open list and digest. */
export const isOpenStatus = (s: WorkOrderStatus) => s !== "RESOLVED" && s !== "CLOSED" && s !== "REJECTED";

export const STATUS_LABELS: Record<WorkOrderStatus, Text> = {
  OPEN: { zh: "待受理", en: "open" },
  ACKNOWLEDGED: { zh: "已受理", en: "acknowledged" },
  IN_PROGRESS: { zh: "处理中", en: "in progress" },
  RESOLVED: { zh: "已解决", en: "resolved" },
  CLOSED: { zh: "已关闭", en: "closed" },
  REJECTED: { zh: "已驳回", en: "rejected" },
};

export const BREACH_KINDS = ["RESPONSE", "RESOLUTION"] as const;
export type BreachKind = (typeof BREACH_KINDS)[number];
export const BREACH_LABELS: Record<BreachKind, Text> = {
  RESPONSE: { zh: "响应超时", en: "response overdue" },
  RESOLUTION: { zh: "处理超时", en: "resolution overdue" },
};

export const FIELD_KINDS = ["TEXT", "NUMBER", "DATE", "MONEY", "CHOICE"] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** One field of a type's form. */
export interface WorkOrderFieldDef {
  key: string;
  label: Text;
  kind: FieldKind;
  required: boolean;
  /** CHOICE: the values allowed (the stored value; Chinese). */
  choices?: string[];
  /** CHOICE: the same values in English, one for each of `choices`; a form may give either. */
  choicesEn?: string[];
  /** NUMBER: the least and greatest value allowed (inclusive), when the type says. */
  min?: number | null;
  max?: number | null;
  /** NUMBER: whole numbers only (days, pieces). */
  integer?: boolean;
  /** DATE: a day before today (the organization's) is refused, e.g. a required-by date. */
  notPast?: boolean;
}

/** A kind of request, per organization: its form, who handles it and its SLAs in business hours. */
export interface WorkOrderType {
  key: string;
  name: Text;
  /** The department that handles it, named by its role (TECH, FINANCE, LEGAL, MANAGER, GM). */
  handlingRole: Role;
  responseHours: number;
  urgentResponseHours: number;
  resolutionHours: number;
  urgentResolutionHours: number;
  fields: WorkOrderFieldDef[];
}

/** The organization's work-order settings: its types, and whether submitting a quote asks TECH for a feasibility review. */
export interface WorkOrderSettings {
  orgId: string;
  types: WorkOrderType[];
  feasibilityReviewOnQuoteSubmit: boolean;
  version: number;
  updatedAt: string | null;
}

/** A field's value as stored: text, a number, a day, fen, or a choice. */
export type FieldValue = string | number;

export interface WorkOrder {
  id: string;
  orgId: string;
  typeKey: string;
  /** The type's name and handling role when the order was made (a type edited later does not move it). */
  typeName: Text;
  handlingRole: Role;
  /** As typed by the requester; for an order the system opens, its Chinese title. */
  title: string;
  /** An order the system opens: its title in both languages. */
  titleText?: Text | null;
  customerId: string | null;
  opportunityId: string | null;
  quoteId: string | null;
  contractId: string | null;
  urgent: boolean;
  fields: Record<string, FieldValue>;
  /** The definitions of the fields filled in, as when the order was made (a type edited or removed later keeps its labels). */
  fieldDefs?: WorkOrderFieldDef[];
  status: WorkOrderStatus;
  /** null: made by the system (a quote submission, a signing). */
  createdBy: string | null;
  createdAt: string;
  assigneeId: string | null;
  responseDueAt: string;
  resolutionDueAt: string;
  /** When it first left OPEN (acknowledged or rejected): the response time ends here. */
  respondedAt?: string;
  /** When it was resolved or rejected: the resolution time ends here. */
  finishedAt?: string;
  /** When each status was entered. */
  statusAt: Partial<Record<WorkOrderStatus, string>>;
  rejectReason: string | null;
  /** Breaches the sweep has recorded (and told the supervisor of); `breachesOf` also sees ones not swept yet. */
  breached: BreachKind[];
  /** The hand-over document (delivery work orders): its key in the file store. */
  documentKey?: string | null;
  documentName?: string | null;
  /** What made it, for orders the system opens once per subject (QUOTE#id#rev, CONTRACT#id) or a client's idempotency key. */
  originKey?: string | null;
  /** With a client's idempotency key: what it asked for, so the key coming back with another request is refused. */
  requestFingerprint?: string | null;
  version: number;
  updatedAt: string;
}

/** The order's title for a reader: the system's in their language, a person's as typed. */
export const titleFor = (wo: Pick<WorkOrder, "title" | "titleText">, locale: Locale) => (wo.titleText ? localize(wo.titleText, locale) : wo.title);
