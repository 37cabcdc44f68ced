import { encodeGlobalID } from "@pothos/plugin-relay";
import { loadUser } from "../functions/core/actor";
import * as Approval from "../functions/core/approval";
import type { StoredStep } from "../functions/store/approvals";
import { type Currency, money } from "../functions/core/money";
import { localize } from "../functions/core/text";
import { builder, nullWhenHidden } from "./builder";
import { COMMON_ERRORS, ErrorInterface } from "./errors";
import { localId } from "./ids";
import { MoneyRef } from "./money";
import { UserRef } from "./user";
import { percent, PERCENT_NOTE } from "./number-formats";

export const RequestStatusEnum = builder.enumType("ApprovalStatus", { values: Approval.REQUEST_STATUSES });
const StepStatusEnum = builder.enumType("ApprovalStepStatus", { values: Approval.STEP_STATUSES });
const DecisionEnum = builder.enumType("ApprovalDecision", { values: Approval.DECISIONS });

builder.objectType(Approval.AlreadyDecidedError, {
  name: "AlreadyDecidedError",
  description: "Someone decided this step first (a double click, another tab, another approver).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ decidedBy: t.exposeString("decidedByName"), decidedAt: t.field({ type: "DateTime", resolve: (e) => e.decidedAt }), approved: t.exposeBoolean("approved") }),
});
builder.objectType(Approval.ApprovalEscalatedError, {
  name: "ApprovalEscalatedError",
  description: "The step went past its deadline and was escalated; a newer request holds the decision.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ escalatedTo: t.exposeStringList("escalatedToNames") }),
});
builder.objectType(Approval.ApprovalClosedError, { name: "ApprovalClosedError", description: "Withdrawn or expired.", interfaces: [ErrorInterface] });
builder.objectType(Approval.ApprovalAlreadyFinishedError, {
  name: "ApprovalAlreadyFinishedError",
  description: "The approval ended before the withdrawal could be recorded: its outcome stands and nothing was withdrawn.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ outcome: t.field({ type: RequestStatusEnum, resolve: (e) => e.outcome }), finishedAt: t.field({ type: "DateTime", resolve: (e) => e.finishedAt }) }),
});
builder.objectType(Approval.ApproverNotEligibleError, {
  name: "ApproverNotEligibleError",
  description: "The approver was deactivated or no longer holds the role or place in the chain the level asks for; nothing was recorded.",
  interfaces: [ErrorInterface],
});

const users = (ids: string[], ctx: Parameters<typeof loadUser>[0]) => Promise.all(ids.map((id) => loadUser(ctx, id))).then((us) => us.filter((u) => u !== null));

type Step = StoredStep & { request: Approval.ApprovalRequest };

const ApprovalStepRef = builder.objectRef<Step>("ApprovalStep").implement({
  description: "One wait for a decision at one level: the first, or one after each escalation.",
  fields: (t) => ({
    key: t.exposeString("key"),
    level: t.exposeInt("level"),
    levelLabel: t.string({ resolve: (s, _, ctx) => localize(s.request.levels[s.level].label, ctx.locale) }),
    attempt: t.exposeInt("attempt", { description: "0 for the first request, then one more per escalation." }),
    status: t.field({ type: StepStatusEnum, resolve: (s) => s.status }),
    approvers: t.field({ type: [UserRef], resolve: (s, _, ctx) => users(s.approverIds, ctx.actor) }),
    deadline: t.field({ type: "DateTime", resolve: (s) => s.deadline }),
    decidedBy: t.field({ type: UserRef, nullable: true, resolve: (s, _, ctx) => (s.decidedBy ? loadUser(ctx.actor, s.decidedBy) : null) }),
    decidedAt: t.field({ type: "DateTime", nullable: true, resolve: (s) => s.decidedAt }),
    comment: t.exposeString("comment", { nullable: true }),
    escalatedTo: t.field({ type: [UserRef], resolve: (s, _, ctx) => users(s.escalatedTo, ctx.actor) }),
    routingNote: t.string({
      nullable: true,
      description: "Why the step went to people other than its rule's: the submitter never approves their own request; a rule that found nobody.",
      resolve: (s, _, ctx) => (s.routingNote ? localize(s.routingNote, ctx.locale) : null),
    }),
  }),
});

const ApprovalLevelRef = builder.objectRef<Approval.ApprovalLevel>("ApprovalLevelInfo").implement({
  fields: (t) => ({
    key: t.exposeString("key"),
    label: t.string({ resolve: (l, _, ctx) => localize(l.label, ctx.locale) }),
    slaHours: t.exposeFloat("slaHours"),
  }),
});

export const ApprovalRequestRef = builder.objectRef<{ request: Approval.ApprovalRequest; steps: StoredStep[] }>("ApprovalRequest").implement({
  description: "One submission going through the levels that applied to it, with every step and decision.",
  fields: (t) => ({
    id: t.id({ resolve: (r) => r.request.id }),
    status: t.field({ type: RequestStatusEnum, resolve: (r) => r.request.status }),
    revision: t.int({ resolve: (r) => r.request.revision }),
    levels: t.field({ type: [ApprovalLevelRef], resolve: (r) => r.request.levels }),
    currentLevel: t.int({ resolve: (r) => r.request.currentLevel }),
    steps: t.field({ type: [ApprovalStepRef], resolve: (r) => r.steps.map((s) => ({ ...s, request: r.request })) }),
    submittedBy: t.field({ type: UserRef, nullable: true, resolve: (r, _, ctx) => loadUser(ctx.actor, r.request.submittedBy) }),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.request.createdAt }),
    finishedAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.request.finishedAt }),
  }),
});

const SummaryRef = builder.objectRef<Approval.ApprovalSummary>("ApprovalSummary").implement({
  description: "What the approver decides on, frozen at submission.",
  fields: (t) => ({
    reference: t.exposeString("reference"),
    title: t.exposeString("title"),
    customerName: t.exposeString("customerName"),
    listTotal: t.field({ type: MoneyRef, resolve: (s) => money(s.listFen, s.currency as Currency) }),
    netTotal: t.field({ type: MoneyRef, resolve: (s) => money(s.netFen, s.currency as Currency) }),
    total: t.field({ type: MoneyRef, resolve: (s) => money(s.totalFen, s.currency as Currency) }),
    discountPercent: t.float({ description: PERCENT_NOTE, resolve: (s) => percent(s.discountPercent)! }),
    marginPercent: t.float({
      nullable: true,
      description: `MANAGER, FINANCE and GM only; null to others. ${PERCENT_NOTE}`,
      authScopes: { seesMargins: true },
      ...nullWhenHidden,
      resolve: (s) => percent(s.marginPercent),
    }),
    riskNote: t.exposeString("riskNote", { nullable: true }),
    paymentTerms: t.exposeString("paymentTerms", { nullable: true }),
    submitterName: t.exposeString("submitterName"),
  }),
});

const ApprovalTaskRef = builder.objectRef<Approval.OpenApproval>("ApprovalTask").implement({
  description: "An approval waiting on the viewer.",
  fields: (t) => ({
    id: t.id({ resolve: (a) => encodeGlobalID("ApprovalTask", a.assignment.linkHash) }),
    levelLabel: t.string({ resolve: (a, _, ctx) => localize(a.request.levels[a.step.level].label, ctx.locale) }),
    deadline: t.field({ type: "DateTime", resolve: (a) => a.step.deadline }),
    subjectType: t.string({ resolve: (a) => a.request.subjectType }),
    subjectId: t.id({ resolve: (a) => encodeGlobalID(a.request.subjectType === "QUOTE" ? "Quote" : "Contract", a.request.subjectId) }),
    summary: t.field({ type: SummaryRef, resolve: (a) => a.request.summary }),
    request: t.field({ type: ApprovalRequestRef, resolve: (a) => ({ request: a.request, steps: a.steps }) }),
  }),
});

builder.queryField("myApprovals", (t) =>
  t.field({ type: [ApprovalTaskRef], description: "Approvals waiting on the viewer, soonest deadline first.", resolve: (_, __, ctx) => Approval.myApprovals(ctx.actor) }),
);

builder.mutationField("decideApproval", (t) =>
  t.field({
    type: ApprovalRequestRef,
    description: "Approve or reject one of the viewer's open approvals (the same as the email link's buttons).",
    args: { id: t.arg.id({ required: true }), decision: t.arg({ type: DecisionEnum, required: true }), comment: t.arg.string() },
    errors: { types: [...COMMON_ERRORS, Approval.AlreadyDecidedError, Approval.ApprovalEscalatedError, Approval.ApprovalClosedError, Approval.ApproverNotEligibleError] },
    resolve: async (_, { id, decision, comment }, ctx) => {
      const requestId = await Approval.decideAssignment(ctx.actor, localId(String(id), "ApprovalTask") ?? "-", decision, comment ?? null);
      return (await Approval.approvalOf(ctx.actor.deps, requestId))!;
    },
  }),
);
