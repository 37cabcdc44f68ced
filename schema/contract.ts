import { loadUser } from "../functions/core/actor";
import { approvalHistory } from "../functions/core/approval";
import * as Contracts from "../functions/core/contract/contract";
import { CONTRACT_STATUSES, type Contract } from "../functions/core/contract/model";
import { ApprovalRequestRef } from "./approval";
import { builder } from "./builder";
import { COMMON_ERRORS, ErrorInterface } from "./errors";
import { inputId, localId } from "./ids";
import { MoneyRef } from "./money";
import { OpportunityRef } from "./opportunity";
import { QuoteRef } from "./quote";
import { UserRef } from "./user";
import { visibleQuote } from "../functions/core/quote";

const ContractStatusEnum = builder.enumType("ContractStatus", { values: CONTRACT_STATUSES });

builder.objectType(Contracts.QuoteNotApprovedError, { name: "QuoteNotApprovedError", interfaces: [ErrorInterface] });
builder.objectType(Contracts.ContractNotApprovedError, { name: "ContractNotApprovedError", interfaces: [ErrorInterface] });

const InstallmentRef = builder.objectRef<Contract["paymentPlan"][number]>("PaymentInstallment").implement({
  fields: (t) => ({ label: t.exposeString("label"), percent: t.exposeInt("percent"), dueAfterDays: t.exposeInt("dueAfterDays") }),
});

export const ContractRef = builder.objectRef<Contract>("Contract");

builder.node(ContractRef, {
  description: "A contract made from an approved quote: approved through the contract policy, then signed.",
  id: { resolve: (c) => c.id },
  isTypeOf: (c) => typeof c === "object" && c !== null && "paymentPlan" in c,
  loadOne: (id, ctx) => Contracts.visibleContract(ctx.actor, id),
  fields: (t) => ({
    number: t.exposeString("number"),
    status: t.field({ type: ContractStatusEnum, resolve: (c) => c.status }),
    quote: t.field({ type: QuoteRef, nullable: true, resolve: (c, _, ctx) => visibleQuote(ctx.actor, c.quoteId) }),
    quoteRevision: t.exposeInt("quoteRevision"),
    opportunity: t.field({ type: OpportunityRef, nullable: true, resolve: (c, _, ctx) => ctx.actor.opportunities.load(c.opportunityId) }),
    buyerName: t.exposeString("buyerName", { description: "甲方" }),
    sellerName: t.exposeString("sellerName", { description: "乙方" }),
    amount: t.field({ type: MoneyRef, resolve: (c) => c.amount }),
    signedOn: t.field({ type: "Date", nullable: true, resolve: (c) => c.signedOn }),
    paymentPlan: t.field({ type: [InstallmentRef], resolve: (c) => c.paymentPlan }),
    fileEvidenceId: t.exposeString("fileEvidenceId", { nullable: true }),
    owner: t.field({ type: UserRef, nullable: true, resolve: (c, _, ctx) => loadUser(ctx.actor, c.ownerId) }),
    approvals: t.field({ type: [ApprovalRequestRef], resolve: (c, _, ctx) => approvalHistory(ctx.actor.deps, "CONTRACT", c.id) }),
    createdAt: t.field({ type: "DateTime", resolve: (c) => c.createdAt }),
    version: t.exposeInt("version"),
  }),
});

builder.objectField(OpportunityRef, "contracts", (t) =>
  t.field({ type: [ContractRef], resolve: (o, _, ctx) => Contracts.contractsOf(ctx.actor, o.id) }),
);

const InstallmentInput = builder.inputType("PaymentInstallmentInput", {
  fields: (t) => ({ label: t.string({ required: true }), percent: t.int({ required: true }), dueAfterDays: t.int({ required: true }) }),
});

const CreateContractInput = builder.inputType("CreateContractInput", {
  fields: (t) => ({
    quoteId: t.id({ required: true }),
    buyerName: t.string({ description: "Defaults to the customer's name." }),
    sellerName: t.string({ description: "Defaults to the organization's name." }),
    signedOn: t.field({ type: "Date" }),
    paymentPlan: t.field({ type: [InstallmentInput], description: "Defaults to 30% advance, 60% on delivery, 10% retention." }),
    fileEvidenceId: t.string({ description: "An uploaded SIGNED_CONTRACT file of the opportunity." }),
  }),
});

const SignContractInput = builder.inputType("SignContractInput", {
  fields: (t) => ({ id: t.id({ required: true }), signedOn: t.field({ type: "Date", required: true }), fileEvidenceId: t.string({ required: true }) }),
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

builder.mutationFields((t) => ({
  createContract: t.field({
    type: ContractRef,
    args: { input: t.arg({ type: CreateContractInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Contracts.QuoteNotApprovedError] },
    resolve: (_, { input: { quoteId, ...rest } }, ctx) => Contracts.createContract(ctx.actor, inputId(String(quoteId), "Quote", "quoteId"), rest),
  }),
  submitContract: t.field({
    type: ContractRef,
    description: "Through the contract policy: legal review, finance, GM above a threshold.",
    args: { id: t.arg.id({ required: true }) },
    errors: { types: COMMON_ERRORS },
    resolve: (_, { id }, ctx) => Contracts.submitContract(ctx.actor, inputId(String(id), "Contract", "id")),
  }),
  signContract: t.field({
    type: ContractRef,
    description: "Records an approved contract as signed; the opportunity moves to CONTRACT_SIGNED.",
    args: { input: t.arg({ type: SignContractInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Contracts.ContractNotApprovedError] },
    resolve: (_, { input: { id, ...rest } }, ctx) => Contracts.signContract(ctx.actor, inputId(String(id), "Contract", "id"), rest),
  }),
}));
