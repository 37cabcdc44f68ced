import * as Approval from "../functions/core/approval";
import { VersionConflictError } from "../functions/core/errors";
import { updateOrganization } from "../functions/core/organization";
import type { Role } from "../functions/core/user";
import { builder, nullWhenHidden } from "./builder";
import { COMMON_ERRORS } from "./errors";
import { OrganizationRef } from "./organization";
import { RoleEnum } from "./user";

const PolicyKindEnum = builder.enumType("ApprovalPolicyKind", { values: Approval.POLICY_KINDS });
const ConditionFieldEnum = builder.enumType("ApprovalConditionField", { values: Approval.CONDITION_FIELDS });
const ConditionOpEnum = builder.enumType("ApprovalConditionOp", { values: Approval.CONDITION_OPS });
const ApproverKindEnum = builder.enumType("ApproverKind", { values: ["SUBMITTER_MANAGER", "ROLE", "USER"] as const });
const EscalationKindEnum = builder.enumType("EscalationKind", { values: ["APPROVER_MANAGER", "ROLE"] as const });

const ConditionRef = builder.objectRef<Approval.Condition>("ApprovalCondition").implement({
  description:
    "discountPercent and marginPercent in percent (5 = 5%), totalYuan in yuan including VAT, linesBelowFloor a number of lines priced below their " +
    "floor price. A margin condition holds whenever the margin is unknown (a line without a cost), so such a quote goes to whoever checks margins.",
  fields: (t) => ({
    field: t.field({ type: ConditionFieldEnum, resolve: (c) => c.field }),
    op: t.field({ type: ConditionOpEnum, resolve: (c) => c.op }),
    value: t.exposeFloat("value"),
  }),
});

const LevelRef = builder.objectRef<Approval.ApprovalLevel>("ApprovalLevel").implement({
  fields: (t) => ({
    key: t.exposeString("key"),
    labelZh: t.string({ resolve: (l) => l.label.zh }),
    labelEn: t.string({ resolve: (l) => l.label.en }),
    anyOf: t.field({ type: [ConditionRef], description: "Applies when any holds; empty: always.", resolve: (l) => l.anyOf }),
    approverKind: t.field({ type: ApproverKindEnum, resolve: (l) => l.approver.kind }),
    approverRole: t.field({ type: RoleEnum, nullable: true, resolve: (l) => (l.approver.kind === "ROLE" ? l.approver.role : null) }),
    approverUserId: t.string({ nullable: true, resolve: (l) => (l.approver.kind === "USER" ? l.approver.userId : null) }),
    slaHours: t.exposeFloat("slaHours"),
    escalateToKind: t.field({ type: EscalationKindEnum, resolve: (l) => l.escalateTo.kind }),
    escalateToRole: t.field({ type: RoleEnum, nullable: true, resolve: (l) => (l.escalateTo.kind === "ROLE" ? l.escalateTo.role : null) }),
    escalations: t.exposeInt("escalations", { description: "Escalations before the request expires." }),
  }),
});

const PolicyRef = builder.objectRef<{ kind: Approval.PolicyKind; policy: Approval.ApprovalPolicy; version: number }>("ApprovalPolicy").implement({
  fields: (t) => ({
    kind: t.field({ type: PolicyKindEnum, resolve: (p) => p.kind }),
    levels: t.field({ type: [LevelRef], resolve: (p) => p.policy.levels }),
    organizationVersion: t.int({ description: "Send it back as expectedVersion to change the policy.", resolve: (p) => p.version }),
  }),
});

const ConditionInput = builder.inputType("ApprovalConditionInput", {
  fields: (t) => ({ field: t.field({ type: ConditionFieldEnum, required: true }), op: t.field({ type: ConditionOpEnum, required: true }), value: t.float({ required: true }) }),
});

const LevelInput = builder.inputType("ApprovalLevelInput", {
  fields: (t) => ({
    key: t.string({ required: true }),
    labelZh: t.string({ required: true }),
    labelEn: t.string({ required: true }),
    anyOf: t.field({ type: [ConditionInput], required: true }),
    approverKind: t.field({ type: ApproverKindEnum, required: true }),
    approverRole: t.field({ type: RoleEnum }),
    approverUserId: t.string(),
    slaHours: t.float({ required: true }),
    escalateToKind: t.field({ type: EscalationKindEnum, required: true }),
    escalateToRole: t.field({ type: RoleEnum }),
    escalations: t.int({ required: true }),
  }),
});

type LevelArgs = {
  key: string;
  labelZh: string;
  labelEn: string;
  anyOf: Approval.Condition[];
  approverKind: "SUBMITTER_MANAGER" | "ROLE" | "USER";
  approverRole?: Role | null;
  approverUserId?: string | null;
  slaHours: number;
  escalateToKind: "APPROVER_MANAGER" | "ROLE";
  escalateToRole?: Role | null;
  escalations: number;
};

const toLevel = (l: LevelArgs): Approval.ApprovalLevel => ({
  key: l.key,
  label: { zh: l.labelZh, en: l.labelEn },
  anyOf: l.anyOf,
  approver:
    l.approverKind === "ROLE"
      ? { kind: "ROLE", role: l.approverRole as Role }
      : l.approverKind === "USER"
        ? { kind: "USER", userId: l.approverUserId ?? "" }
        : { kind: "SUBMITTER_MANAGER" },
  slaHours: l.slaHours,
  escalateTo: l.escalateToKind === "ROLE" ? { kind: "ROLE", role: l.escalateToRole as Role } : { kind: "APPROVER_MANAGER" },
  escalations: l.escalations,
});

builder.queryField("approvalPolicy", (t) =>
  t.field({
    type: PolicyRef,
    nullable: true,
    description: "MANAGER, FINANCE, GM and ADMIN; null to others (its thresholds, such as the margin floor, are not for reps).",
    args: { kind: t.arg({ type: PolicyKindEnum, required: true }) },
    authScopes: { readsPolicy: true },
    ...nullWhenHidden,
    resolve: async (_, { kind }, ctx) => {
      const org = await ctx.actor.org();
      return { kind, policy: Approval.effectivePolicy(kind, org.approvalPolicies[kind]), version: org.version };
    },
  }),
);

builder.mutationField("setApprovalPolicy", (t) =>
  t.field({
    type: OrganizationRef,
    description: "ADMIN replaces a policy's levels; requests already running keep the levels they started with.",
    args: {
      kind: t.arg({ type: PolicyKindEnum, required: true }),
      levels: t.arg({ type: [LevelInput], required: true }),
      expectedVersion: t.arg.int({ required: true }),
    },
    errors: { types: [...COMMON_ERRORS, VersionConflictError] },
    resolve: (_, { kind, levels, expectedVersion }, ctx) =>
      updateOrganization(ctx.actor, expectedVersion, { approvalPolicy: { kind, policy: { levels: (levels as LevelArgs[]).map(toLevel) } } }),
  }),
);
