import { localDay } from "../functions/core/local-day";
import { loadUser } from "../functions/core/actor";
import { ApprovalAlreadyFinishedError } from "../functions/core/approval";
import { visibleCustomer } from "../functions/core/customer/access";
import { OpenContractExistsError } from "../functions/core/contract/errors";
import { VersionConflictError } from "../functions/core/errors";
import { type Currency, money } from "../functions/core/money";
import { visibleOpportunity } from "../functions/core/pipeline/access";
import * as Quotes from "../functions/core/quote";
import { ActivityRef, timelineResolver } from "./activity";
import { ApprovalRequestRef } from "./approval";
import { builder, type Context, nullWhenHidden, type SchemaTypes } from "./builder";
import { CustomerRef } from "./customer";
import { COMMON_ERRORS } from "./errors";
import { inputId, localId } from "./ids";
import { IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_DESCRIPTION, idempotently } from "./idempotency";
import { MoneyRef } from "./money";
import { OpportunityRef } from "./opportunity";
import { LineCostInput, linesOf, linesWithFigures, QuoteLineInput, QuoteLineRef } from "./quote-line";
import { UserRef } from "./user";
import { percent, PERCENT_NOTE } from "./number-formats";

export const QuoteStatusEnum = builder.enumType("QuoteStatus", { values: Quotes.QUOTE_STATUSES });

const QuoteRevisionRef = builder.objectRef<Quotes.QuoteRevision & { currency: Currency }>("QuoteRevision").implement({
  description: "A submitted revision, frozen.",
  fields: (t) => ({
    revision: t.exposeInt("revision"),
    outcome: t.field({ type: QuoteStatusEnum, resolve: (r) => r.outcome }),
    submittedAt: t.field({ type: "DateTime", resolve: (r) => r.submittedAt }),
    submittedBy: t.field({ type: UserRef, nullable: true, resolve: (r, _, ctx) => loadUser(ctx.actor, r.submittedBy) }),
    lines: t.field({ type: [QuoteLineRef], resolve: (r) => linesWithFigures(r.draft, r.currency) }),
    netTotal: t.field({ type: MoneyRef, resolve: (r) => money(r.totals.netFen, r.currency) }),
    vat: t.field({ type: MoneyRef, resolve: (r) => money(r.totals.vatFen, r.currency) }),
    total: t.field({ type: MoneyRef, resolve: (r) => money(r.totals.totalFen, r.currency) }),
    discountPercent: t.float({ description: PERCENT_NOTE, resolve: (r) => percent(r.totals.discountPercent)! }),
    marginPercent: t.float({
      nullable: true,
      description: `MANAGER, FINANCE and GM only; null to others. ${PERCENT_NOTE}`,
      authScopes: { seesMargins: true },
      ...nullWhenHidden,
      resolve: (r) => percent(r.totals.marginPercent),
    }),
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
    lines: t.field({ type: [QuoteLineRef], resolve: (q) => linesWithFigures(q.draft, q.currency) }),
    extraDiscount: t.field({ type: MoneyRef, description: "整单优惠, before VAT.", resolve: (q) => money(q.draft.extraDiscountFen, q.currency) }),
    vatRatePercent: t.int({ description: "The rate of non-catalogue lines; catalogue lines carry their product's.", resolve: (q) => q.draft.vatRateBp / 100 }),
    listTotal: t.field({ type: MoneyRef, resolve: (q) => money(q.totals.listFen, q.currency) }),
    netTotal: t.field({ type: MoneyRef, description: "After discounts, before VAT.", resolve: (q) => money(q.totals.netFen, q.currency) }),
    vat: t.field({ type: MoneyRef, description: "The sum of the lines' VAT, each half up to the fen (as on the VAT invoice).", resolve: (q) => money(q.totals.vatFen, q.currency) }),
    total: t.field({ type: MoneyRef, description: "Including VAT: the invoice total.", resolve: (q) => money(q.totals.totalFen, q.currency) }),
    discountPercent: t.float({ description: PERCENT_NOTE, resolve: (q) => percent(q.totals.discountPercent)! }),
    costTotal: t.field({
      type: MoneyRef,
      nullable: true,
      description: "MANAGER, FINANCE and GM only; null while a line's cost is unknown.",
      authScopes: { seesMargins: true },
      ...nullWhenHidden,
      resolve: (q) => (q.totals.costFen !== null ? money(q.totals.costFen, q.currency) : null),
    }),
    costKnown: t.boolean({ description: "false while a non-catalogue line waits for its cost: submitted so, it goes to finance.", resolve: (q) => q.totals.costFen !== null }),
    marginPercent: t.float({
      nullable: true,
      description: `Gross margin; MANAGER, FINANCE and GM only (null to others); null while the cost is unknown. ${PERCENT_NOTE}`,
      authScopes: { seesMargins: true },
      ...nullWhenHidden,
      resolve: (q) => percent(q.totals.marginPercent),
    }),
    linesBelowFloor: t.int({
      nullable: true,
      description: "Lines priced below their floor price (a condition of the approval policy); MANAGER, FINANCE and GM only.",
      authScopes: { seesMargins: true },
      ...nullWhenHidden,
      resolve: (q) => q.totals.linesBelowFloor ?? 0,
    }),
    paymentTerms: t.string({ nullable: true, resolve: (q) => q.draft.paymentTerms }),
    deliveryTerms: t.string({ nullable: true, description: "交货条款, printed on the PDF.", resolve: (q) => q.draft.deliveryTerms ?? null }),
    validUntil: t.field({ type: "Date", nullable: true, resolve: (q) => q.draft.validUntil }),
    pastValidity: t.boolean({
      description: "True once the validity date has passed (in the organization's time zone): the quote is no longer sent or accepted; revise it (a new revision) to offer it again.",
      resolve: async (q, _, ctx) => !!q.draft.validUntil && q.draft.validUntil < localDay(ctx.actor.deps.clock.now(), (await ctx.actor.org()).timeZone),
    }),
    notes: t.string({ nullable: true, resolve: (q) => q.draft.notes }),
    riskNote: t.string({ nullable: true, resolve: (q) => q.draft.riskNote }),
    submittedAt: t.field({ type: "DateTime", nullable: true, resolve: (q) => q.submittedAt }),
    revisions: t.field({
      type: [QuoteRevisionRef],
      description: "Every submitted revision, oldest first.",
      resolve: async (q, _, ctx) => (await Quotes.revisionsOf(ctx.actor, q)).map((r) => ({ ...r, currency: q.currency })),
    }),
    approvals: t.field({ type: [ApprovalRequestRef], description: "Approval history, oldest first.", resolve: (q, _, ctx) => Quotes.quoteApprovals(ctx.actor, q) }),
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

/** The draft's fields, the same on create and update. */
const draftFields = (t: PothosSchemaTypes.InputFieldBuilder<SchemaTypes, "InputObject">) => ({
  lines: t.field({ type: [QuoteLineInput] }),
  extraDiscountFen: t.field({ type: "Fen" }),
  vatRatePercent: t.int({ description: "0, 1, 3, 6, 9 or 13 (default)." }),
  paymentTerms: t.string(),
  deliveryTerms: t.string({ description: "交货条款: lead time, place and terms of delivery (printed on the PDF)." }),
  validUntil: t.field({ type: "Date", description: "The last day the offer holds; at submission, at most 365 days after that day." }),
  notes: t.string(),
  riskNote: t.string({ description: "Shown to approvers." }),
});

const CreateQuoteInput = builder.inputType("CreateQuoteInput", {
  fields: (t) => ({ opportunityId: t.id({ required: true }), ...draftFields(t), idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }), }),
});

const UpdateQuoteInput = builder.inputType("UpdateQuoteInput", {
  description: "Edits the draft; editing a submitted quote starts the next revision and withdraws its pending approval.",
  fields: (t) => ({ id: t.id({ required: true }), expectedVersion: t.int({ required: true }), ...draftFields(t) }),
});

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

/** A replayed create or submit returns the quote as it is now. */
const quoteResult = (ctx: Context) => ({ idOf: (q: Quotes.Quote) => q.id, load: (id: string) => Quotes.visibleQuote(ctx.actor, id) });

builder.mutationFields((t) => ({
  createQuote: t.field({
    type: QuoteRef,
    args: { input: t.arg({ type: CreateQuoteInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently(ctx, "createQuote", input, quoteResult(ctx), ({ opportunityId, ...draft }) =>
        Quotes.createQuote(ctx.actor, { ...draft, lines: linesOf(draft.lines), opportunityId: inputId(String(opportunityId), "Opportunity", "opportunityId") }),
      ),
  }),
  updateQuote: t.field({
    type: QuoteRef,
    description: "Edits the draft; on a submitted quote it starts the next revision. Refused with OpenContractExistsError while a contract stands on the quote (withdraw the contract first).",
    args: { input: t.arg({ type: UpdateQuoteInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, OpenContractExistsError, VersionConflictError] },
    resolve: (_, { input: { id, expectedVersion, ...draft } }, ctx) =>
      Quotes.updateQuote(ctx.actor, inputId(String(id), "Quote", "id"), expectedVersion, { ...draft, lines: linesOf(draft.lines) }),
  }),
  submitQuote: t.field({
    type: QuoteRef,
    description: "Freezes the revision and starts its approval when the policy asks for one; otherwise it is approved. `validUntil` must be today or later, and at most 365 days ahead.",
    args: { id: t.arg.id({ required: true }), idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }) },
    errors: { types: [...COMMON_ERRORS, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, args, ctx) => idempotently(ctx, "submitQuote", args, quoteResult(ctx), ({ id }) => Quotes.submitQuote(ctx.actor, inputId(String(id), "Quote", "id"))),
  }),
  setQuoteLineCosts: t.field({
    type: QuoteRef,
    description:
      "TECH or FINANCE enter the unit cost of non-catalogue lines. On a submitted quote it starts the next revision and withdraws a pending approval, as updateQuote does.",
    args: { quoteId: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true }), costs: t.arg({ type: [LineCostInput], required: true }) },
    errors: { types: [...COMMON_ERRORS, OpenContractExistsError, VersionConflictError] },
    resolve: (_, { quoteId, expectedVersion, costs }, ctx) =>
      Quotes.setQuoteLineCosts(ctx.actor, inputId(String(quoteId), "Quote", "quoteId"), expectedVersion, costs.map((c) => ({ lineId: String(c.lineId), costFen: c.costFen }))),
  }),
  withdrawQuote: t.field({
    type: QuoteRef,
    description:
      "Takes a pending revision out of approval, or withdraws an approved one (sent or accepted): status WITHDRAWN, the reason on the timeline, and the customer's links then refuse to accept it and say it was withdrawn; the next edit starts a new revision. A withdrawal from approval is refused with ApprovalAlreadyFinishedError when the approval ended first (its outcome stands; withdraw again to withdraw the approved revision). Refused with OpenContractExistsError while a contract (draft, in approval, approved or signed) stands on the quote.",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ description: "Why, for the timeline." }) },
    errors: { types: [...COMMON_ERRORS, ApprovalAlreadyFinishedError, OpenContractExistsError, VersionConflictError] },
    resolve: (_, { id, reason }, ctx) => Quotes.withdrawQuote(ctx.actor, inputId(String(id), "Quote", "id"), reason),
  }),
}));
