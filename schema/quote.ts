import { loadUser } from "../functions/core/actor";
import { approvalHistory, seesMargin } from "../functions/core/approval";
import { visibleCustomer } from "../functions/core/customer/access";
import { VersionConflictError } from "../functions/core/errors";
import { type Currency, money } from "../functions/core/money";
import { visibleOpportunity } from "../functions/core/pipeline/access";
import * as Quotes from "../functions/core/quote";
import { ActivityRef, timelineResolver } from "./activity";
import { ApprovalRequestRef } from "./approval";
import { builder, type Context, type SchemaTypes } from "./builder";
import { CustomerRef } from "./customer";
import { COMMON_ERRORS } from "./errors";
import { inputId, localId } from "./ids";
import { MoneyRef } from "./money";
import { OpportunityRef } from "./opportunity";
import { UserRef } from "./user";

const QuoteStatusEnum = builder.enumType("QuoteStatus", { values: Quotes.QUOTE_STATUSES });
const margins = (ctx: Context) => seesMargin(ctx.actor.viewer);

type Line = Quotes.QuoteLine & { currency: Currency };
const QuoteLineRef = builder.objectRef<Line>("QuoteLine").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    product: t.exposeString("product"),
    spec: t.exposeString("spec", { nullable: true }),
    quantity: t.exposeFloat("quantity"),
    unit: t.exposeString("unit"),
    listPrice: t.field({ type: MoneyRef, resolve: (l) => money(l.listPriceFen, l.currency) }),
    unitPrice: t.field({ type: MoneyRef, resolve: (l) => money(l.unitPriceFen, l.currency) }),
    amount: t.field({ type: MoneyRef, description: "unit price × quantity, before VAT.", resolve: (l) => money(Quotes.lineTotals(l).netFen, l.currency) }),
    cost: t.field({ type: MoneyRef, nullable: true, description: "MANAGER, FINANCE and GM only.", resolve: (l, _, ctx) => (margins(ctx) ? money(l.costFen, l.currency) : null) }),
  }),
});

const QuoteRevisionRef = builder.objectRef<Quotes.QuoteRevision & { currency: Currency }>("QuoteRevision").implement({
  description: "A submitted revision, frozen.",
  fields: (t) => ({
    revision: t.exposeInt("revision"),
    outcome: t.field({ type: QuoteStatusEnum, resolve: (r) => r.outcome }),
    submittedAt: t.field({ type: "DateTime", resolve: (r) => r.submittedAt }),
    submittedBy: t.field({ type: UserRef, nullable: true, resolve: (r, _, ctx) => loadUser(ctx.actor, r.submittedBy) }),
    lines: t.field({ type: [QuoteLineRef], resolve: (r) => r.draft.lines.map((l) => ({ ...l, currency: r.currency })) }),
    total: t.field({ type: MoneyRef, resolve: (r) => money(r.totals.totalFen, r.currency) }),
    discountPercent: t.float({ resolve: (r) => r.totals.discountPercent }),
    marginPercent: t.float({ nullable: true, resolve: (r, _, ctx) => (margins(ctx) ? r.totals.marginPercent : null) }),
  }),
});

export const QuoteRef = builder.objectRef<Quotes.Quote>("Quote");

builder.node(QuoteRef, {
  description: "A priced offer on a deal. Totals, discount and margin are computed by the server.",
  id: { resolve: (q) => q.id },
  isTypeOf: (q) => typeof q === "object" && q !== null && "draft" in q && "number" in q && "revision" in q,
  loadOne: (id, ctx) => Quotes.visibleQuote(ctx.actor, id),
  fields: (t) => ({
    number: t.exposeString("number"),
    revision: t.exposeInt("revision"),
    status: t.field({ type: QuoteStatusEnum, resolve: (q) => q.status }),
    opportunity: t.field({ type: OpportunityRef, nullable: true, resolve: (q, _, ctx) => visibleOpportunity(ctx.actor, q.opportunityId) }),
    customer: t.field({ type: CustomerRef, nullable: true, resolve: (q, _, ctx) => visibleCustomer(ctx.actor, q.customerId) }),
    owner: t.field({ type: UserRef, nullable: true, resolve: (q, _, ctx) => loadUser(ctx.actor, q.ownerId) }),
    lines: t.field({ type: [QuoteLineRef], resolve: (q) => q.draft.lines.map((l) => ({ ...l, currency: q.currency })) }),
    extraDiscount: t.field({ type: MoneyRef, description: "整单优惠, before VAT.", resolve: (q) => money(q.draft.extraDiscountFen, q.currency) }),
    vatRatePercent: t.int({ resolve: (q) => q.draft.vatRateBp / 100 }),
    listTotal: t.field({ type: MoneyRef, resolve: (q) => money(q.totals.listFen, q.currency) }),
    netTotal: t.field({ type: MoneyRef, description: "After discounts, before VAT.", resolve: (q) => money(q.totals.netFen, q.currency) }),
    vat: t.field({ type: MoneyRef, resolve: (q) => money(q.totals.vatFen, q.currency) }),
    total: t.field({ type: MoneyRef, description: "Including VAT.", resolve: (q) => money(q.totals.totalFen, q.currency) }),
    discountPercent: t.float({ resolve: (q) => q.totals.discountPercent }),
    costTotal: t.field({ type: MoneyRef, nullable: true, description: "MANAGER, FINANCE and GM only.", resolve: (q, _, ctx) => (margins(ctx) ? money(q.totals.costFen, q.currency) : null) }),
    marginPercent: t.float({ nullable: true, description: "Gross margin; MANAGER, FINANCE and GM only.", resolve: (q, _, ctx) => (margins(ctx) ? q.totals.marginPercent : null) }),
    paymentTerms: t.string({ nullable: true, resolve: (q) => q.draft.paymentTerms }),
    validUntil: t.field({ type: "Date", nullable: true, resolve: (q) => q.draft.validUntil }),
    notes: t.string({ nullable: true, resolve: (q) => q.draft.notes }),
    riskNote: t.string({ nullable: true, resolve: (q) => q.draft.riskNote }),
    submittedAt: t.field({ type: "DateTime", nullable: true, resolve: (q) => q.submittedAt }),
    revisions: t.field({
      type: [QuoteRevisionRef],
      description: "Every submitted revision, oldest first.",
      resolve: async (q, _, ctx) => (await Quotes.revisionsOf(ctx.actor, q)).map((r) => ({ ...r, currency: q.currency })),
    }),
    approvals: t.field({ type: [ApprovalRequestRef], description: "Approval history, oldest first.", resolve: (q, _, ctx) => approvalHistory(ctx.actor.deps, "QUOTE", q.id) }),
    createdAt: t.field({ type: "DateTime", resolve: (q) => q.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (q) => q.updatedAt }),
    version: t.exposeInt("version"),
    timeline: t.connection(
      {
        type: ActivityRef,
        resolve: timelineResolver("QUOTE"),
      },
      { name: "QuoteTimelineConnection" },
      { name: "QuoteTimelineEdge" },
    ),
  }),
});

builder.objectField(OpportunityRef, "quotes", (t) =>
  t.field({ type: [QuoteRef], description: "Newest first; each with its revisions.", resolve: (o, _, ctx) => Quotes.quotesOf(ctx.actor, o.id) }),
);

const QuoteLineInput = builder.inputType("QuoteLineInput", {
  fields: (t) => ({
    id: t.id({ description: "An existing line to change; none for a new line." }),
    product: t.string({ required: true }),
    spec: t.string(),
    quantity: t.float({ required: true, description: "Up to three decimals." }),
    unit: t.string({ required: true, description: "台, 套, 米…" }),
    listPriceFen: t.field({ type: "Fen", required: true }),
    unitPriceFen: t.field({ type: "Fen", required: true }),
    costFen: t.field({ type: "Fen", description: "Absent on an existing line: its cost stays." }),
  }),
});

/** The draft's fields, the same on create and update. */
const draftFields = (t: PothosSchemaTypes.InputFieldBuilder<SchemaTypes, "InputObject">) => ({
  lines: t.field({ type: [QuoteLineInput] }),
  extraDiscountFen: t.field({ type: "Fen" }),
  vatRatePercent: t.int({ description: "0, 1, 3, 6, 9 or 13 (default)." }),
  paymentTerms: t.string(),
  validUntil: t.field({ type: "Date" }),
  notes: t.string(),
  riskNote: t.string({ description: "Shown to approvers." }),
});

const CreateQuoteInput = builder.inputType("CreateQuoteInput", {
  fields: (t) => ({ opportunityId: t.id({ required: true }), ...draftFields(t) }),
});

const UpdateQuoteInput = builder.inputType("UpdateQuoteInput", {
  description: "Edits the draft; editing a submitted quote starts the next revision and withdraws its pending approval.",
  fields: (t) => ({ id: t.id({ required: true }), expectedVersion: t.int({ required: true }), ...draftFields(t) }),
});

const linesOf = (lines: ({ id?: string | number | null } & Omit<Quotes.QuoteLineInput, "id">)[] | null | undefined) =>
  lines?.map((l) => ({ ...l, id: l.id == null ? null : String(l.id) }));

builder.queryField("quote", (t) =>
  t.field({
    type: QuoteRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      const local = localId(String(id), "Quote");
      return local ? Quotes.visibleQuote(ctx.actor, local) : null;
    },
  }),
);

builder.mutationFields((t) => ({
  createQuote: t.field({
    type: QuoteRef,
    args: { input: t.arg({ type: CreateQuoteInput, required: true }) },
    errors: { types: COMMON_ERRORS },
    resolve: (_, { input: { opportunityId, ...draft } }, ctx) =>
      Quotes.createQuote(ctx.actor, { ...draft, lines: linesOf(draft.lines), opportunityId: inputId(String(opportunityId), "Opportunity", "opportunityId") }),
  }),
  updateQuote: t.field({
    type: QuoteRef,
    args: { input: t.arg({ type: UpdateQuoteInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, VersionConflictError] },
    resolve: (_, { input: { id, expectedVersion, ...draft } }, ctx) =>
      Quotes.updateQuote(ctx.actor, inputId(String(id), "Quote", "id"), expectedVersion, { ...draft, lines: linesOf(draft.lines) }),
  }),
  submitQuote: t.field({
    type: QuoteRef,
    description: "Freezes the revision and starts its approval when the policy asks for one; otherwise it is approved.",
    args: { id: t.arg.id({ required: true }) },
    errors: { types: COMMON_ERRORS },
    resolve: (_, { id }, ctx) => Quotes.submitQuote(ctx.actor, inputId(String(id), "Quote", "id")),
  }),
  withdrawQuote: t.field({
    type: QuoteRef,
    description: "Takes the pending revision out of approval.",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string() },
    errors: { types: COMMON_ERRORS },
    resolve: (_, { id, reason }, ctx) => Quotes.withdrawQuote(ctx.actor, inputId(String(id), "Quote", "id"), reason),
  }),
}));
