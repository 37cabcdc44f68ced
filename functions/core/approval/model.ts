import type { ApprovalLevel } from "./policy";

export type ApprovalSubjectType = "QUOTE" | "CONTRACT";

export const REQUEST_STATUSES = ["PENDING", "APPROVED", "REJECTED", "EXPIRED", "WITHDRAWN"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const STEP_STATUSES = ["PENDING", "APPROVED", "REJECTED", "ESCALATED", "EXPIRED", "WITHDRAWN"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const DECISIONS = ["APPROVE", "REJECT"] as const;
export type Decision = (typeof DECISIONS)[number];

/** What approvers see of the thing they approve, frozen at submission. */
export interface ApprovalSummary {
  reference: string;
  title: string;
  customerName: string;
  currency: string;
  listFen: number;
  netFen: number;
  totalFen: number;
  discountPercent: number;
  /** null: a line's cost is not known yet (shown as 成本未核定). */
  marginPercent: number | null;
  /** Quotes: lines priced below the price book's floor (shown to those who see margins). */
  linesBelowFloor?: number;
  riskNote: string | null;
  paymentTerms: string | null;
  submitterName: string;
  /** Contracts: the file name of the draft legal reviews, downloadable from the approval link. */
  documentName?: string | null;
}

/** One submission going through the levels of a policy. */
export interface ApprovalRequest {
  id: string;
  orgId: string;
  subjectType: ApprovalSubjectType;
  subjectId: string;
  revision: number;
  opportunityId: string;
  submittedBy: string;
  /** The opportunity's owner, told of the outcome with the submitter. */
  ownerId: string;
  summary: ApprovalSummary;
  /** The levels that applied, copied from the policy at submission. */
  levels: ApprovalLevel[];
  status: RequestStatus;
  currentLevel: number;
  createdAt: string;
  finishedAt: string | null;
  version: number;
  /** Which execution of the workflow is the request's (named by `executionName`); absent on older requests: 0. */
  executionAttempt?: number;
  /** The last execution gave up on a task: set by its RecordFailure state, cleared when the scheduled job re-drives it. */
  failure?: ApprovalFailure | null;
}

/** What the workflow's Catch recorded: the error and cause of the failed task, and which execution it was. */
export interface ApprovalFailure {
  error: string;
  cause: string;
  at: string;
  attempt: number;
}

/** One wait for a decision at one level: the first, or one after each escalation. */
export interface ApprovalStep {
  requestId: string;
  orgId: string;
  level: number;
  attempt: number;
  /** "L00A00": level and attempt, unique within the request, sortable. */
  key: string;
  approverIds: string[];
  status: StepStatus;
  deadline: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  /** Who an escalated step went to. */
  escalatedTo: string[];
  /** The workflow's callback token while it waits on this step. Never leaves the server. */
  taskToken: string | null;
  /** A decision is recorded but the workflow was not yet told. */
  resumeNeeded: boolean;
  /** Why the step went to people other than its rule's (never the submitter; nobody found). */
  routingNote?: { zh: string; en: string } | null;
}

export const stepKey = (level: number, attempt: number) => `L${String(level).padStart(2, "0")}A${String(attempt).padStart(2, "0")}`;

/** One approver's part in one step, reached by the link in their email (the link id is never stored). */
export interface ApprovalAssignment {
  /** SHA-256 of the link id. */
  linkHash: string;
  orgId: string;
  requestId: string;
  stepKey: string;
  approverId: string;
  /** REQUEST: asked to decide; REMINDER: reminded after an escalation. */
  kind: "REQUEST" | "REMINDER" | "ESCALATION";
  deadline: string;
  createdAt: string;
  expiresAt: string;
}
