import type { Role } from "../user/model";

/**
 * Approval policies are data an ADMIN edits, not code: ordered levels, each with a condition on the
 * figures of what is submitted, who approves, how long they have (SLA) and where it goes when they
 * do not answer in time.
 */
export const CONDITION_FIELDS = ["discountPercent", "marginPercent", "totalYuan"] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];
export const CONDITION_OPS = ["GT", "GTE", "LT", "LTE"] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export interface Condition {
  field: ConditionField;
  op: ConditionOp;
  /** Percent for percentages (5 = 5%), yuan for amounts. */
  value: number;
}

export type ApproverRule = { kind: "SUBMITTER_MANAGER" } | { kind: "ROLE"; role: Role } | { kind: "USER"; userId: string };
export type EscalationRule = { kind: "APPROVER_MANAGER" } | { kind: "ROLE"; role: Role };

export interface ApprovalLevel {
  key: string;
  label: { zh: string; en: string };
  /** The level applies when any condition holds; no conditions: always. */
  anyOf: Condition[];
  approver: ApproverRule;
  /** Hours to decide (fractions allowed); the deadline is kept as an instant, shown in the organization's time zone. */
  slaHours: number;
  escalateTo: EscalationRule;
  /** How many times an unanswered level escalates before the request expires. */
  escalations: number;
}

export interface ApprovalPolicy {
  levels: ApprovalLevel[];
}

/** Exact figures a condition is checked against: fen, never rounded percentages. */
export interface SubjectFigures {
  listFen: number;
  netFen: number;
  costFen: number;
  totalFen: number;
}

export const POLICY_KINDS = ["QUOTE", "CONTRACT"] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/** Seeds: special price → regional manager → finance → general manager. */
export const DEFAULT_QUOTE_POLICY: ApprovalPolicy = {
  levels: [
    {
      key: "regional-manager",
      label: { zh: "区域经理审批", en: "Regional manager" },
      anyOf: [{ field: "discountPercent", op: "GT", value: 5 }],
      approver: { kind: "SUBMITTER_MANAGER" },
      slaHours: 24,
      escalateTo: { kind: "APPROVER_MANAGER" },
      escalations: 1,
    },
    {
      key: "finance",
      label: { zh: "财务审批", en: "Finance" },
      anyOf: [{ field: "marginPercent", op: "LT", value: 20 }],
      approver: { kind: "ROLE", role: "FINANCE" },
      slaHours: 24,
      escalateTo: { kind: "ROLE", role: "GM" },
      escalations: 1,
    },
    {
      key: "general-manager",
      label: { zh: "总经理审批", en: "General manager" },
      anyOf: [
        { field: "discountPercent", op: "GT", value: 15 },
        { field: "totalYuan", op: "GT", value: 1_000_000 },
      ],
      approver: { kind: "ROLE", role: "GM" },
      slaHours: 24,
      escalateTo: { kind: "APPROVER_MANAGER" },
      escalations: 1,
    },
  ],
};

/** Contracts: legal review, then finance, then the general manager above a threshold. */
export const DEFAULT_CONTRACT_POLICY: ApprovalPolicy = {
  levels: [
    {
      key: "legal",
      label: { zh: "法务审核", en: "Legal review" },
      anyOf: [],
      approver: { kind: "ROLE", role: "LEGAL" },
      slaHours: 24,
      escalateTo: { kind: "ROLE", role: "GM" },
      escalations: 1,
    },
    {
      key: "finance",
      label: { zh: "财务审批", en: "Finance" },
      anyOf: [],
      approver: { kind: "ROLE", role: "FINANCE" },
      slaHours: 24,
      escalateTo: { kind: "ROLE", role: "GM" },
      escalations: 1,
    },
    {
      key: "general-manager",
      label: { zh: "总经理审批", en: "General manager" },
      anyOf: [{ field: "totalYuan", op: "GT", value: 500_000 }],
      approver: { kind: "ROLE", role: "GM" },
      slaHours: 24,
      escalateTo: { kind: "APPROVER_MANAGER" },
      escalations: 1,
    },
  ],
};

/** Compares part ÷ whole with value ÷ 100 exactly (integers, no rounding at the boundary). */
function comparePercent(part: number, whole: number, percent: number): number {
  if (whole <= 0) return part > 0 ? 1 : 0;
  const lhs = BigInt(part) * 10_000n;
  const rhs = BigInt(Math.round(percent * 100)) * BigInt(whole);
  return lhs === rhs ? 0 : lhs > rhs ? 1 : -1;
}

function holds(c: Condition, f: SubjectFigures): boolean {
  const cmp =
    c.field === "discountPercent"
      ? comparePercent(f.listFen - f.netFen, f.listFen, c.value)
      : c.field === "marginPercent"
        ? comparePercent(f.netFen - f.costFen, f.netFen, c.value)
        : Math.sign(f.totalFen - Math.round(c.value * 100));
  return c.op === "GT" ? cmp > 0 : c.op === "GTE" ? cmp >= 0 : c.op === "LT" ? cmp < 0 : cmp <= 0;
}

/** The levels that apply, in order. None: no approval needed. */
export function applicableLevels(policy: ApprovalPolicy, figures: SubjectFigures): ApprovalLevel[] {
  return policy.levels.filter((l) => !l.anyOf.length || l.anyOf.some((c) => holds(c, figures)));
}
