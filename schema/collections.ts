import * as Collections from "../functions/core/collections";
import type { Contract } from "../functions/core/contract/model";
import { visibleContract } from "../functions/core/contract/access";
import { VersionConflictError } from "../functions/core/errors";
import { localDay } from "../functions/core/local-day";
import type { Currency } from "../functions/core/money";
import { builder, type Context } from "./builder";
import { ContractRef, InstallmentInput, PaymentEventEnum } from "./contract";
import { COMMON_ERRORS, ErrorInterface } from "./errors";
import { inputId, optionalInputId } from "./ids";
import { IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_DESCRIPTION, idempotently } from "./idempotency";
import { MoneyInput, MoneyRef } from "./money";
import { OrganizationRef } from "./organization";
import { UserRef } from "./user";
import { type Actor, loadUser } from "../functions/core/actor";

const interfaces = [ErrorInterface];
builder.objectType(Collections.OverpaymentError, {
  name: "OverpaymentError",
  description: "More than is still owed (by the contract, or by the instalment named): nothing was recorded.",
  interfaces,
  fields: (t) => ({ outstanding: t.field({ type: MoneyRef, description: "What may still be received.", resolve: (e) => e.outstanding }) }),
});
builder.objectType(Collections.PaymentReferenceConflictError, {
  name: "PaymentReferenceConflictError",
  description: "The reference was recorded already with another amount, day, contract or instalment.",
  interfaces,
  fields: (t) => ({ reference: t.string({ resolve: (e) => e.reference }) }),
});
builder.objectType(Collections.InvoiceNumberTakenError, { name: "InvoiceNumberTakenError", description: "Another invoice of the organization has this number.", interfaces });
builder.objectType(Collections.PlanHasPaymentsError, { name: "PlanHasPaymentsError", description: "Payments were received: the plan stays as it is.", interfaces });
builder.objectType(Collections.EventAlreadyRecordedError, {
  name: "EventAlreadyRecordedError",
  description: "Delivery or acceptance was recorded already, on another day; the due dates it fixed stay.",
  interfaces,
  fields: (t) => ({ on: t.field({ type: "Date", resolve: (e) => e.on }) }),
});
builder.objectType(Collections.ContractNotSignedError, { name: "ContractNotSignedError", interfaces });
builder.objectType(Collections.PlanNotPaidError, {
  name: "PlanNotPaidError",
  description: "交付回款 is reached by recording the payments: the won contract still has money to collect.",
  interfaces,
  fields: (t) => ({ outstanding: t.field({ type: MoneyRef, resolve: (e) => e.outstanding }) }),
});

const InstalmentStatusEnum = builder.enumType("InstalmentStatus", {
  description: "PAID when received in full; OVERDUE when its due date (organization calendar) has passed unpaid; else PARTIALLY_PAID, INVOICED or PLANNED.",
  values: Collections.INSTALMENT_STATUSES,
});
const InvoiceTypeEnum = builder.enumType("InvoiceType", { description: "增值税专用发票 / 普通发票, paper or electronic.", values: Collections.INVOICE_TYPES });

const fenOf = (fen: number, currency: Currency) => ({ fen, currency });
const today = async (ctx: { actor: { org(): Promise<{ timeZone: string }>; deps: { clock: { now(): Date } } } }) => localDay(ctx.actor.deps.clock.now(), (await ctx.actor.org()).timeZone);

/** An instalment the viewer may see: its contract must be visible to them. */
async function visibleInstalment(ctx: Parameters<typeof visibleContract>[0], id: string) {
  const contract = await visibleContract(ctx, Collections.contractIdOf(id));
  return contract ? ((await Collections.instalmentsOfContract(ctx.deps, contract)).find((i) => i.id === id) ?? null) : null;
}

export const InstalmentRef = builder.objectRef<Collections.Instalment>("Instalment");
builder.node(InstalmentRef, {
  description: "One line of a signed contract's payment plan: its amount to the fen, its due date, what was invoiced and received.",
  id: { resolve: (i) => i.id },
  isTypeOf: (i) => typeof i === "object" && i !== null && "amountFen" in i && "payments" in i,
  loadOne: (id, ctx) => visibleInstalment(ctx.actor, id),
  fields: (t) => ({
    index: t.exposeInt("index", { description: "1-based place in the plan." }),
    label: t.exposeString("label"),
    amount: t.field({ type: MoneyRef, description: "Percent plans: rounded to the fen, the last instalment taking the remainder.", resolve: (i) => fenOf(i.amountFen, i.currency) }),
    dueOn: t.field({ type: "Date", nullable: true, description: "Null until the event it counts from is recorded.", resolve: (i) => i.dueOn }),
    dueAfter: t.field({ type: PaymentEventEnum, nullable: true, description: "Null for a fixed date.", resolve: (i) => i.dueAfter }),
    dueAfterDays: t.int({ nullable: true, resolve: (i) => i.dueAfterDays }),
    status: t.field({ type: InstalmentStatusEnum, resolve: async (i, _, ctx) => Collections.statusOn(i, await today(ctx)) }),
    invoiced: t.field({ type: MoneyRef, resolve: (i) => fenOf(Collections.invoicedOf(i), i.currency) }),
    received: t.field({ type: MoneyRef, resolve: (i) => fenOf(Collections.receivedOf(i), i.currency) }),
    outstanding: t.field({ type: MoneyRef, resolve: (i) => fenOf(Collections.outstandingOf(i), i.currency) }),
    collectionRequestedAt: t.field({ type: "DateTime", nullable: true, resolve: (i) => i.collectionRequestedAt }),
    contract: t.field({ type: ContractRef, nullable: true, resolve: (i, _, ctx) => visibleContract(ctx.actor, i.contractId) }),
  }),
});

const InvoiceRef = builder.objectRef<Collections.Invoice>("Invoice").implement({
  fields: (t) => ({
    number: t.exposeString("number"),
    amount: t.field({ type: MoneyRef, resolve: (i) => fenOf(i.amountFen, i.currency) }),
    issuedOn: t.field({ type: "Date", resolve: (i) => i.issuedOn }),
    type: t.field({ type: InvoiceTypeEnum, resolve: (i) => i.type }),
    recordedBy: t.field({ type: UserRef, nullable: true, description: "Who recorded it.", resolve: (i, _, ctx) => loadUser(ctx.actor, i.recordedBy) }),
    recordedAt: t.field({ type: "DateTime", resolve: (i) => i.recordedAt }),
    instalment: t.field({
      type: InstalmentRef,
      nullable: true,
      description: "The instalment it is booked to, named or not (after a plan change, where it was booked again); null when it is spread over several.",
      resolve: async (i, _, ctx) => {
        const contract = await visibleContract(ctx.actor, i.contractId);
        if (!contract) return null;
        const booked = (await Collections.instalmentsOfContract(ctx.actor.deps, contract)).filter((l) => l.invoices.some((b) => b.ref === i.number));
        return booked.length === 1 ? booked[0] : null;
      },
    }),
    contract: t.field({ type: ContractRef, nullable: true, resolve: (i, _, ctx) => visibleContract(ctx.actor, i.contractId) }),
  }),
});

const AllocationRef = builder.objectRef<Collections.Payment["allocations"][number] & { currency: Currency }>("PaymentAllocation").implement({
  fields: (t) => ({
    instalment: t.field({ type: InstalmentRef, nullable: true, resolve: (a, _, ctx) => visibleInstalment(ctx.actor, a.instalmentId) }),
    amount: t.field({ type: MoneyRef, resolve: (a) => fenOf(a.fen, a.currency) }),
  }),
});

const PaymentRef = builder.objectRef<Collections.Payment>("Payment").implement({
  description: "Money received against a contract (回款), once per bank reference.",
  fields: (t) => ({
    reference: t.exposeString("reference"),
    amount: t.field({ type: MoneyRef, resolve: (p) => fenOf(p.amountFen, p.currency) }),
    receivedOn: t.field({ type: "Date", resolve: (p) => p.receivedOn }),
    recordedBy: t.field({ type: UserRef, nullable: true, description: "Who recorded it.", resolve: (p, _, ctx) => loadUser(ctx.actor, p.recordedBy) }),
    recordedAt: t.field({ type: "DateTime", resolve: (p) => p.recordedAt }),
    allocations: t.field({ type: [AllocationRef], description: "Where it went: the instalment named, else oldest due first.", resolve: (p) => p.allocations.map((a) => ({ ...a, currency: p.currency })) }),
    contract: t.field({ type: ContractRef, nullable: true, resolve: (p, _, ctx) => visibleContract(ctx.actor, p.contractId) }),
  }),
});

/** Read once per contract object, whichever of its fields ask (a request reads each contract once). */
function perContract<T>(read: (c: Contract, actor: Actor) => Promise<T>) {
  const done = new WeakMap<Contract, Promise<T>>();
  return (c: Contract, ctx: { actor: Actor }) => {
    let p = done.get(c);
    if (!p) done.set(c, (p = read(c, ctx.actor)));
    return p;
  };
}
/** The four figures from one read of the instalments; delivery and acceptance days from one read of the ledger. */
const figures = perContract((c, actor) => Collections.contractCollectionFigures(actor, c));
const ledger = perContract((c, actor) => actor.deps.store.instalments.ledger(c.id));
builder.objectFields(ContractRef, (t) => ({
  instalments: t.field({ type: [InstalmentRef], description: "The payment plan as instalments, once signed.", resolve: (c, _, ctx) => ctx.actor.instalments.load(c) }),
  invoiced: t.field({ type: MoneyRef, description: "Invoices recorded.", resolve: async (c, _, ctx) => (await figures(c, ctx)).invoiced }),
  received: t.field({ type: MoneyRef, description: "Payments recorded.", resolve: async (c, _, ctx) => (await figures(c, ctx)).received }),
  outstanding: t.field({ type: MoneyRef, description: "Signed amount not yet received.", resolve: async (c, _, ctx) => (await figures(c, ctx)).outstanding }),
  overdue: t.field({ type: MoneyRef, description: "Not received on instalments past their due date (organization calendar).", resolve: async (c, _, ctx) => (await figures(c, ctx)).overdue }),
  deliveredOn: t.field({ type: "Date", nullable: true, resolve: async (c, _, ctx) => (await ledger(c, ctx))?.deliveredOn ?? null }),
  acceptedOn: t.field({ type: "Date", nullable: true, resolve: async (c, _, ctx) => (await ledger(c, ctx))?.acceptedOn ?? null }),
  // Through the request's loaders: a page of contracts reads these in a few BatchGetItem calls (core/collection-loaders.ts).
  invoices: t.field({ type: [InvoiceRef], resolve: (c, _, ctx) => ctx.actor.invoices.load(c) }),
  payments: t.field({ type: [PaymentRef], resolve: (c, _, ctx) => ctx.actor.payments.load(c) }),
}));

builder.objectFields(OrganizationRef, (t) => ({
  collectionEscalationDays: t.int({
    description: "Days past an instalment's due date before the overdue escalation to the finance supervisor and the owner's manager (default 7).",
    resolve: (o) => Collections.collectionEscalationDaysOf(o),
  }),
}));

const RecordInvoiceInput = builder.inputType("RecordInvoiceInput", {
  fields: (t) => ({
    contractId: t.id({ required: true }),
    instalmentId: t.id({ description: "The instalment invoiced; absent: the oldest due not yet invoiced." }),
    number: t.string({ required: true, description: "Unique in the organization." }),
    amount: t.field({ type: MoneyInput, required: true, description: "Incl. VAT; at most what the contract (or instalment) has left to invoice." }),
    issuedOn: t.field({ type: "Date", required: true, description: "Not after today, not before the signing." }),
    type: t.field({ type: InvoiceTypeEnum, required: true }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const RecordPaymentInput = builder.inputType("RecordPaymentInput", {
  fields: (t) => ({
    contractId: t.id({ required: true }),
    amount: t.field({ type: MoneyInput, required: true, description: "At most what is still owed (OverpaymentError otherwise)." }),
    receivedOn: t.field({ type: "Date", required: true, description: "Not after today, not before the signing." }),
    reference: t.string({ required: true, description: "The bank reference (流水号): one payment per reference in the organization." }),
    instalmentId: t.id({ description: "The instalment it pays; absent: oldest due first." }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const contractId = (id: string | number) => inputId(String(id), "Contract", "contractId");
/** A replayed delivery or acceptance returns the contract as it is now. */
const contractResult = (ctx: Context) => ({ idOf: (c: Contract) => c.id, load: (id: string) => visibleContract(ctx.actor, id) });
const instalmentId = (id: string | number | null | undefined) => optionalInputId(id == null ? id : String(id), "Instalment", "instalmentId", Collections.MONEY_LABELS.instalmentId) ?? null;

builder.mutationFields((t) => ({
  recordDelivery: t.field({
    type: ContractRef,
    description: "The contract was delivered on this day (owner's side or finance): fixes the due dates that count from delivery, once. Not in the future, not before signing.",
    args: { contractId: t.arg.id({ required: true }), deliveredOn: t.arg({ type: "Date", required: true }), idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }) },
    errors: { types: [...COMMON_ERRORS, Collections.EventAlreadyRecordedError, Collections.ContractNotSignedError, VersionConflictError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, args, ctx) =>
      idempotently<typeof args, Contract>(ctx, "recordDelivery", args, contractResult(ctx), (a) => Collections.recordContractEvent(ctx.actor, contractId(a.contractId), "DELIVERY", a.deliveredOn)),
  }),
  recordAcceptance: t.field({
    type: ContractRef,
    description: "The customer accepted the delivery on this day: fixes the due dates that count from acceptance, once. Not in the future, not before signing or delivery.",
    args: { contractId: t.arg.id({ required: true }), acceptedOn: t.arg({ type: "Date", required: true }), idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }) },
    errors: { types: [...COMMON_ERRORS, Collections.EventAlreadyRecordedError, Collections.ContractNotSignedError, VersionConflictError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, args, ctx) =>
      idempotently<typeof args, Contract>(ctx, "recordAcceptance", args, contractResult(ctx), (a) => Collections.recordContractEvent(ctx.actor, contractId(a.contractId), "ACCEPTANCE", a.acceptedOn)),
  }),
  setPaymentPlan: t.field({
    type: ContractRef,
    description:
      "FINANCE, ADMIN: replaces a signed contract's payment plan (its credit terms) until the first payment is received. With expectedVersion, a plan changed meanwhile by someone else gives VersionConflictError.",
    args: {
      contractId: t.arg.id({ required: true }),
      plan: t.arg({ type: [InstallmentInput], required: true }),
      expectedVersion: t.arg.int({ description: "The contract version the new plan was decided on." }),
    },
    errors: { types: [...COMMON_ERRORS, Collections.PlanHasPaymentsError, Collections.ContractNotSignedError, VersionConflictError] },
    resolve: (_, a, ctx) => Collections.setPaymentPlan(ctx.actor, contractId(a.contractId), a.plan, a.expectedVersion),
  }),
  recordInvoice: t.field({
    type: InvoiceRef,
    description: "FINANCE, ADMIN: an invoice issued against a signed contract. The same number with the same figures again returns the first.",
    args: { input: t.arg({ type: RecordInvoiceInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Collections.InvoiceNumberTakenError, Collections.ContractNotSignedError, VersionConflictError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently<typeof input, Collections.Invoice>(ctx, "recordInvoice", input, { idOf: (i) => i.number, load: (n) => Collections.visibleInvoice(ctx.actor, n) }, async (input) =>
        (await Collections.recordInvoice(ctx.actor, contractId(input.contractId), { ...input, instalmentId: instalmentId(input.instalmentId) })).invoice,
      ),
  }),
  requestCollection: t.field({
    type: InstalmentRef,
    description: "FINANCE, ADMIN: the collection request (催款) for this instalment was sent to the customer.",
    args: { instalmentId: t.arg.id({ required: true }), idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }) },
    errors: { types: [...COMMON_ERRORS, Collections.ContractNotSignedError, VersionConflictError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, args, ctx) =>
      idempotently<typeof args, Collections.Instalment>(ctx, "requestCollection", args, { idOf: (i) => i.id, load: (id) => visibleInstalment(ctx.actor, id) }, (a) =>
        Collections.requestCollection(ctx.actor, inputId(String(a.instalmentId), "Instalment", "instalmentId", Collections.MONEY_LABELS.instalmentId)),
      ),
  }),
  recordPayment: t.field({
    type: PaymentRef,
    description:
      "FINANCE, ADMIN: money received. Part payments are fine; naming no instalment pays the oldest due first; overpaying is refused. Once per reference: the same figures again return the first payment. The payment completing the plan moves the deal to DELIVERED_PAID.",
    args: { input: t.arg({ type: RecordPaymentInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Collections.OverpaymentError, Collections.PaymentReferenceConflictError, Collections.ContractNotSignedError, VersionConflictError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently<typeof input, Collections.Payment>(ctx, "recordPayment", input, { idOf: (p) => p.reference, load: (r) => Collections.visiblePayment(ctx.actor, r) }, async (input) =>
        (await Collections.recordPayment(ctx.actor, contractId(input.contractId), { ...input, instalmentId: instalmentId(input.instalmentId) })).payment,
      ),
  }),
}));
