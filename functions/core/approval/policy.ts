import { assertUnreachable } from "../errors";
import type { Role } from "../user/model";

/**
 * Approval policies are data an ADMIN edits, not code: ordered levels, each with a condition on the
 * figures of what is submitted, who approves, how long they have (SLA) and where it goes when they
 * do not answer in time.
 */
export const CONDITION_FIELDS = ["discountPercent", "marginPercent", "totalYuan", "linesBelowFloor"] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];
export const CONDITION_OPS = ["GT", "GTE", "LT", "LTE"] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export interface Condition {
  field: ConditionField;
  op: ConditionOp;
  /** Percent for percentages (5 = 5%), yuan for amounts, a count for linesBelowFloor. */
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
  /**
   * POLICY_FORMAT for policies saved since the floor-price condition exists; absent on policies
   * stored before, which get that condition when read (see `effectivePolicy`).
   */
  format?: number;
}

export const POLICY_FORMAT = 2;

/** Exact figures a condition is checked against: fen, never rounded percentages. */
export interface SubjectFigures {
  listFen: number;
  netFen: number;
  /** null: some line has no known cost, so the margin is unknown and every margin condition holds. */
  costFen: number | null;
  totalFen: number;
  /** Lines whose unit price (after their share of the extra discount) is below the floor price. */
  linesBelowFloor?: number;
}

export const POLICY_KINDS = ["QUOTE", "CONTRACT"] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/** A unit price below the price book's floor needs the general manager. */
const BELOW_FLOOR: Condition = { field: "linesBelowFloor", op: "GT", value: 0 };

/** Seeds: special price → regional manager → finance → general manager. */
export const DEFAULT_QUOTE_POLICY: ApprovalPolicy = {
  format: POLICY_FORMAT,
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
        BELOW_FLOOR,
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
  format: POLICY_FORMAT,
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

function compare(c: Condition, f: SubjectFigures): number {
  switch (c.field) {
    case "discountPercent":
      return comparePercent(f.listFen - f.netFen, f.listFen, c.value);
    case "marginPercent":
      return comparePercent(f.netFen - (f.costFen as number), f.netFen, c.value);
    case "totalYuan":
      return Math.sign(f.totalFen - Math.round(c.value * 100));
    case "linesBelowFloor":
      return Math.sign((f.linesBelowFloor ?? 0) - c.value);
    default:
      return assertUnreachable(c.field);
  }
}

function holds(c: Condition, f: SubjectFigures): boolean {
  // An unknown margin, or none to speak of (nothing left to sell at), fails every margin condition,
  // so whoever checks margins is asked.
  if (c.field === "marginPercent" && (f.costFen === null || f.netFen <= 0)) return true;
  const cmp = compare(c, f);
  return c.op === "GT" ? cmp > 0 : c.op === "GTE" ? cmp >= 0 : c.op === "LT" ? cmp < 0 : cmp <= 0;
}

/**
 * The policy in force. A quote policy stored before the floor-price condition existed (an
 * organization that saved any setting stored the defaults of its day) gets it on its general-manager
 * level, or on a new last level for the GM when it has none; an ADMIN who saves the policy again
 * keeps whatever they choose.
 */
export function effectivePolicy(kind: PolicyKind, policy: ApprovalPolicy): ApprovalPolicy {
  if (kind !== "QUOTE" || (policy.format ?? 1) >= POLICY_FORMAT) return policy;
  const gm = policy.levels.findIndex((l) => l.approver.kind === "ROLE" && l.approver.role === "GM");
  const levels =
    gm >= 0
      ? policy.levels.map((l, i) => (i === gm && l.anyOf.length ? { ...l, anyOf: [...l.anyOf, BELOW_FLOOR] } : l))
      : [...policy.levels, { ...DEFAULT_QUOTE_POLICY.levels[2], key: policy.levels.some((l) => l.key === "general-manager") ? "below-floor" : "general-manager", anyOf: [BELOW_FLOOR] }];
  return { levels, format: POLICY_FORMAT };
}

/** The levels that apply, in order. None: no approval needed. */
export function applicableLevels(policy: ApprovalPolicy, figures: SubjectFigures): ApprovalLevel[] {
  return policy.levels.filter((l) => !l.anyOf.length || l.anyOf.some((c) => holds(c, figures)));
}
