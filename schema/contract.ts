import { VersionConflictError } from "../functions/core/errors";
import { loadUser } from "../functions/core/actor";
import { ApprovalAlreadyFinishedError } from "../functions/core/approval";
import * as Contracts from "../functions/core/contract/contract";
import { CONTRACT_STATUSES, type Contract, PAYMENT_EVENTS, revisionOf } from "../functions/core/contract/model";
import { DealNotQuotedError, OpportunityLostError } from "../functions/core/pipeline/errors";
import { quoteInView } from "../functions/core/quote";
import { ApprovalRequestRef } from "./approval";
import { builder, type Context, type SchemaTypes } from "./builder";
import { COMMON_ERRORS, ErrorInterface } from "./errors";
import { inputId, localId } from "./ids";
import { IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_DESCRIPTION, idempotently } from "./idempotency";
import { MoneyInput, MoneyRef } from "./money";
import { EvidenceRef, OpportunityRef } from "./opportunity";
import { QuoteRef } from "./quote";
import { UserRef } from "./user";

export const ContractStatusEnum = builder.enumType("ContractStatus", { values: CONTRACT_STATUSES });

builder.objectType(Contracts.QuoteNotApprovedError, { name: "QuoteNotApprovedError", interfaces: [ErrorInterface] });
builder.objectType(Contracts.ContractNotApprovedError, { name: "ContractNotApprovedError", interfaces: [ErrorInterface] });
builder.objectType(OpportunityLostError, {
  name: "OpportunityLostError",
  description: "The deal is lost: no contract is made or signed on it until it is reopened, with a reason.",
  interfaces: [ErrorInterface],
});
builder.objectType(Contracts.DealAlreadyWonError, {
  name: "DealAlreadyWonError",
  description: "The deal was already won with another signed contract.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ number: t.string({ description: "The contract that won it.", resolve: (e) => e.number }) }),
});
builder.objectType(Contracts.ContractStatusError, {
  name: "ContractStatusError",
  description: "What was asked cannot happen in the contract's current state (e.g. submitting a pending, approved or signed one).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ status: t.field({ type: ContractStatusEnum, resolve: (e) => e.status }) }),
});
builder.objectType(Contracts.OpenContractExistsError, {
  name: "OpenContractExistsError",
  description: "The quote already has a contract that is not rejected, expired or withdrawn: edit or withdraw that one.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    contract: t.field({ type: ContractRef, nullable: true, description: "The live contract.", resolve: (e, _, ctx) => Contracts.visibleContract(ctx.actor, e.contractId) }),
    number: t.string({ resolve: (e) => e.number }),
    status: t.field({ type: ContractStatusEnum, resolve: (e) => e.status }),
  }),
});

export const PaymentEventEnum = builder.enumType("PaymentEvent", {
  description: "What an instalment's due date counts from; fixed when the event is recorded (signContract, recordDelivery, recordAcceptance).",
  values: PAYMENT_EVENTS,
});

const InstallmentRef = builder.objectRef<Contract["paymentPlan"][number]>("PaymentInstallment").implement({
  description: "One payment: a whole percent of the contract amount, or an amount incl. VAT; due days after an event (signing, delivery, acceptance) or on a fixed date.",
  fields: (t) => ({
    label: t.exposeString("label"),
    percent: t.int({ nullable: true, resolve: (p) => p.percent ?? null }),
    amount: t.field({ type: MoneyRef, nullable: true, resolve: (p) => (p.amountFen != null ? { fen: p.amountFen, currency: "CNY" as const } : null) }),
    dueAfterDays: t.int({ nullable: true, description: "Days after `dueAfter`; null for a fixed date.", resolve: (p) => p.dueAfterDays ?? null }),
    dueAfter: t.field({ type: PaymentEventEnum, nullable: true, resolve: (p) => (p.dueOn ? null : (p.dueAfter ?? "SIGNING")) }),
    dueOn: t.field({ type: "Date", nullable: true, description: "A fixed due date.", resolve: (p) => p.dueOn ?? null }),
  }),
});

export const ContractRef = builder.objectRef<Contract>("Contract");

builder.node(ContractRef, {
  description:
    "A contract made from an approved quote: approved through the contract policy (on the approved quote revision's figures at the contract's amount), then signed, which wins the deal.",
  id: { resolve: (c) => c.id },
  isTypeOf: (c) => typeof c === "object" && c !== null && "paymentPlan" in c,
  loadOne: (id, ctx) => Contracts.visibleContract(ctx.actor, id),
  fields: (t) => ({
    number: t.exposeString("number"),
    status: t.field({ type: ContractStatusEnum, resolve: (c) => c.status }),
    revision: t.int({ description: "1 at creation; editing or resubmitting after a rejection, expiry or withdrawal starts the next.", resolve: (c) => revisionOf(c) }),
    quote: t.field({ type: QuoteRef, nullable: true, resolve: (c, _, ctx) => quoteInView(ctx.actor, c.quoteId) }),
    quoteRevision: t.exposeInt("quoteRevision", { description: "The approved quote revision the contract is made from." }),
    opportunity: t.field({ type: OpportunityRef, nullable: true, resolve: (c, _, ctx) => ctx.actor.opportunities.load(c.opportunityId) }),
    buyerName: t.exposeString("buyerName", { description: "甲方" }),
    sellerName: t.exposeString("sellerName", { description: "乙方" }),
    amount: t.field({
      type: MoneyRef,
      description: "Incl. VAT (含税): the approved quote revision's total unless negotiated otherwise. Closed-won counts this amount once signed.",
      resolve: (c) => c.amount,
    }),
    signedOn: t.field({ type: "Date", nullable: true, description: "The signing day (organization calendar).", resolve: (c) => c.signedOn }),
    approvedAt: t.field({ type: "DateTime", nullable: true, description: "When the current revision's approval finished.", resolve: (c) => c.approvedAt ?? null }),
    paymentPlan: t.field({ type: [InstallmentRef], resolve: (c) => c.paymentPlan }),
    draftFile: t.field({
      type: EvidenceRef,
      nullable: true,
      description: "The contract text legal reviews (CONTRACT_DRAFT evidence of the deal).",
      resolve: async (c, _, ctx) => (c.draftFileEvidenceId ? ((await ctx.actor.evidence.load(c.opportunityId)).find((e) => e.id === c.draftFileEvidenceId) ?? null) : null),
    }),
    fileEvidenceId: t.exposeString("fileEvidenceId", { nullable: true, description: "The signed file (SIGNED_CONTRACT evidence)." }),
    owner: t.field({ type: UserRef, nullable: true, resolve: (c, _, ctx) => loadUser(ctx.actor, c.ownerId) }),
    approvals: t.field({ type: [ApprovalRequestRef], description: "Approval history, oldest first.", resolve: (c, _, ctx) => Contracts.contractApprovals(ctx.actor, c) }),
    createdAt: t.field({ type: "DateTime", resolve: (c) => c.createdAt }),
    version: t.exposeInt("version"),
  }),
});

builder.objectFields(OpportunityRef, (t) => ({
  contracts: t.field({ type: [ContractRef], resolve: (o, _, ctx) => Contracts.contractsOf(ctx.actor, o.id) }),
  wonContract: t.field({
    type: ContractRef,
    nullable: true,
    description: "The signed contract that won the deal.",
    resolve: (o, _, ctx) => (o.wonContractId ? Contracts.contractInView(ctx.actor, o.wonContractId) : null),
  }),
}));

export const InstallmentInput = builder.inputType("PaymentInstallmentInput", {
  description: "Either percent (whole, the plan adding up to 100) or amount (incl. VAT, the plan adding up to the contract amount), the same kind for every instalment.",
  fields: (t) => ({
    label: t.string({ required: true }),
    percent: t.int(),
    amount: t.field({ type: MoneyInput }),
    dueAfterDays: t.int({ description: "0 to 3650 days after `dueAfter` (default SIGNING). Give this or `dueOn`." }),
    dueAfter: t.field({ type: PaymentEventEnum, description: "What the days count from; default SIGNING." }),
    dueOn: t.field({ type: "Date", description: "A fixed due date instead of days after an event." }),
  }),
});

const contractFields = (t: PothosSchemaTypes.InputFieldBuilder<SchemaTypes, "InputObject">) => ({
  buyerName: t.string({ description: "Defaults to the customer's name." }),
  sellerName: t.string({ description: "Defaults to the organization's name." }),
  amount: t.field({ type: MoneyInput, description: "Incl. VAT. Defaults to the approved quote revision's total; a negotiated amount is what approvers judge." }),
  paymentPlan: t.field({ type: [InstallmentInput], description: "1 to 12 instalments. Defaults to 30% advance at signing, 60% within 30 days of delivery, 10% retention a year after acceptance." }),
  draftFileEvidenceId: t.string({ description: "An uploaded CONTRACT_DRAFT file of the opportunity: the text legal reviews. Required to submit when the policy has a legal level." }),
});

const CreateContractInput = builder.inputType("CreateContractInput", {
  fields: (t) => ({ quoteId: t.id({ required: true }), ...contractFields(t), idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }), }),
});

const UpdateContractInput = builder.inputType("UpdateContractInput", {
  description: "Absent fields are kept. A rejected, expired or withdrawn contract starts its next revision as a draft.",
  fields: (t) => ({ id: t.id({ required: true }), expectedVersion: t.int({ required: true }), ...contractFields(t) }),
});

const SignContractInput = builder.inputType("SignContractInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    signedOn: t.field({ type: "Date", required: true, description: "Not after today, not before the approval finished (organization calendar)." }),
    fileEvidenceId: t.string({ required: true, description: "An uploaded SIGNED_CONTRACT file of the opportunity." }),
  }),
});

builder.queryField("contract", (t) =>
  t.field({
    type: ContractRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      const local = localId(String(id), "Contract");
      return local ? Contracts.visibleContract(ctx.actor, local) : null;
    },
  }),
);

const contractId = (id: string | number) => inputId(String(id), "Contract", "id");
/** A replayed create or submit returns the contract as it is now. */
const contractResult = (ctx: Context) => ({ idOf: (c: { id: string }) => c.id, load: (id: string) => Contracts.visibleContract(ctx.actor, id) });

builder.mutationFields((t) => ({
  createContract: t.field({
    type: ContractRef,
    description: "From an approved quote; one contract per quote unless the earlier one was rejected, expired or withdrawn.",
    args: { input: t.arg({ type: CreateContractInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Contracts.QuoteNotApprovedError, Contracts.OpenContractExistsError, OpportunityLostError, Contracts.DealAlreadyWonError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently(ctx, "createContract", input, contractResult(ctx), ({ quoteId, ...rest }) => Contracts.createContract(ctx.actor, inputId(String(quoteId), "Quote", "quoteId"), rest)),
  }),
  updateContract: t.field({
    type: ContractRef,
    description: "Edits a draft, or a rejected, expired or withdrawn contract (as its next revision).",
    args: { input: t.arg({ type: UpdateContractInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Contracts.ContractStatusError, Contracts.OpenContractExistsError, OpportunityLostError, Contracts.DealAlreadyWonError, VersionConflictError] },
    resolve: (_, { input: { id, expectedVersion, ...rest } }, ctx) => Contracts.updateContract(ctx.actor, contractId(id), expectedVersion, rest),
  }),
  submitContract: t.field({
    type: ContractRef,
    description: "Through the contract policy: legal review, finance, GM above a threshold. A rejected, expired or withdrawn contract is resubmitted as its next revision.",
    args: { id: t.arg.id({ required: true }), idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }) },
    errors: { types: [...COMMON_ERRORS, Contracts.ContractStatusError, OpportunityLostError, Contracts.OpenContractExistsError, Contracts.DealAlreadyWonError, VersionConflictError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, args, ctx) => idempotently(ctx, "submitContract", args, contractResult(ctx), ({ id }) => Contracts.submitContract(ctx.actor, contractId(id))),
  }),
  withdrawContract: t.field({
    type: ContractRef,
    description: "Takes a pending contract out of approval (it can be edited and submitted again; refused with ApprovalAlreadyFinishedError when the approval ended first, its outcome stands), or takes back a draft or an approved, unsigned contract: its quote can then be edited or withdrawn. A signed contract cannot be withdrawn.",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string() },
    errors: { types: [...COMMON_ERRORS, Contracts.ContractStatusError, ApprovalAlreadyFinishedError, VersionConflictError] },
    resolve: (_, { id, reason }, ctx) => Contracts.withdrawContract(ctx.actor, contractId(id), reason),
  }),
  signContract: t.field({
    type: ContractRef,
    description:
      "Records an approved contract as signed; the opportunity moves to CONTRACT_SIGNED (the only way in), won at the contract's amount in the signing day's month. `opportunity` shows the deal after the move.",
    args: { input: t.arg({ type: SignContractInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Contracts.ContractNotApprovedError, OpportunityLostError, Contracts.DealAlreadyWonError, DealNotQuotedError, VersionConflictError] },
    resolve: async (_, { input: { id, ...rest } }, ctx) => (await Contracts.signContract(ctx.actor, contractId(id), rest)).contract,
  }),
}));
