import { type Actor, loadUser } from "../functions/core/actor";
import { businessCalendarOf, businessHoursBetween } from "../functions/core/calendar/business-hours";
import { visibleContract } from "../functions/core/contract/access";
import { visibleCustomer } from "../functions/core/customer/access";
import { VersionConflictError } from "../functions/core/errors";
import { IdempotencyKeyReusedError } from "./idempotency";
import { money } from "../functions/core/money";
import { visibleOpportunity } from "../functions/core/pipeline/access";
import { visibleQuote } from "../functions/core/quote";
import { localize } from "../functions/core/text";
import * as WorkOrders from "../functions/core/work-order";
import { timelineResolver, ActivityRef } from "./activity";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { COMMON_ERRORS, ErrorInterface } from "./errors";
import { inputId, localId, optionalInputId } from "./ids";
import { MoneyRef } from "./money";
import { ContractRef } from "./contract";
import { CustomerRef } from "./customer";
import { OpportunityRef } from "./opportunity";
import { QuoteRef } from "./quote";
import { RoleEnum, UserRef } from "./user";
import { FieldKindEnum } from "./work-order-settings";

const StatusEnum = builder.enumType("WorkOrderStatus", { values: WorkOrders.WORK_ORDER_STATUSES });
const BreachEnum = builder.enumType("WorkOrderBreach", { values: WorkOrders.BREACH_KINDS, description: "Which deadline was missed." });
/** 30 minutes: long enough to open it, short enough that a forwarded link stops working. */
const DOCUMENT_URL_SECONDS = 30 * 60;

builder.objectType(WorkOrders.IllegalTransitionError, {
  name: "IllegalWorkOrderTransitionError",
  description: "The lifecycle does not allow this move from the current status (or a finished order cannot be assigned); nothing changed.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    from: t.field({ type: StatusEnum, resolve: (e) => e.from }),
    to: t.field({ type: StatusEnum, nullable: true, resolve: (e) => e.to }),
    allowed: t.field({ type: [StatusEnum], description: "Where the order may go from here.", resolve: (e) => e.allowed }),
  }),
});

interface FieldValueRow {
  def: WorkOrders.WorkOrderFieldDef;
  value: WorkOrders.FieldValue;
}
const FieldValueRef = builder.objectRef<FieldValueRow>("WorkOrderFieldValue").implement({
  description: "One filled-in field; the member of its kind is set.",
  fields: (t) => ({
    key: t.string({ resolve: (r) => r.def.key }),
    label: t.string({ resolve: (r, _, ctx) => localize(r.def.label, ctx.locale) }),
    kind: t.field({ type: FieldKindEnum, resolve: (r) => r.def.kind }),
    text: t.string({
      nullable: true,
      description: "TEXT as typed; CHOICE in the reader's language.",
      resolve: (r, _, ctx) => {
        if (r.def.kind === "TEXT") return String(r.value);
        if (r.def.kind !== "CHOICE") return null;
        const i = r.def.choices?.indexOf(String(r.value)) ?? -1;
        return ctx.locale === "en" && i >= 0 && r.def.choicesEn?.[i] ? r.def.choicesEn[i] : String(r.value);
      },
    }),
    number: t.float({ nullable: true, resolve: (r) => (r.def.kind === "NUMBER" ? Number(r.value) : null) }),
    date: t.field({ type: "Date", nullable: true, resolve: (r) => (r.def.kind === "DATE" ? String(r.value) : null) }),
    money: t.field({ type: MoneyRef, nullable: true, resolve: (r) => (r.def.kind === "MONEY" ? money(Number(r.value)) : null) }),
  }),
});

const StatusTimeRef = builder.objectRef<{ status: WorkOrders.WorkOrderStatus; at: string }>("WorkOrderStatusTime").implement({
  fields: (t) => ({ status: t.field({ type: StatusEnum, resolve: (s) => s.status }), at: t.field({ type: "DateTime", resolve: (s) => s.at }) }),
});

export const WorkOrderRef = builder.objectRef<WorkOrders.WorkOrder>("WorkOrder");

/** The organization's types, read once per request however many orders a list shows. */
const settingsRead = new WeakMap<Actor, Promise<WorkOrders.WorkOrderSettings>>();
function settingsFor(actor: Actor) {
  let p = settingsRead.get(actor);
  if (!p) settingsRead.set(actor, (p = WorkOrders.workOrderSettingsOf(actor.deps, actor.viewer.orgId)));
  return p;
}

/** Business hours from creation to `end`, two decimals; null while it has not happened. */
const elapsed = async (wo: WorkOrders.WorkOrder, end: string | undefined, actor: Actor) =>
  end ? Math.round(businessHoursBetween(businessCalendarOf(await actor.org()), new Date(wo.createdAt), new Date(end)) * 100) / 100 : null;

builder.node(WorkOrderRef, {
  description: "A request to another department (工单) with response and resolution deadlines in business hours.",
  id: { resolve: (w) => w.id },
  isTypeOf: (w) => typeof w === "object" && w !== null && "handlingRole" in w && "responseDueAt" in w,
  loadOne: (id, ctx) => WorkOrders.visibleWorkOrder(ctx.actor, id),
  fields: (t) => ({
    title: t.string({ description: "As the requester typed it; an order the system opened, in the reader's language.", resolve: (w, _, ctx) => WorkOrders.titleFor(w, ctx.locale) }),
    typeKey: t.exposeString("typeKey"),
    typeName: t.string({ description: "The type's name when the order was made, in the reader's language.", resolve: (w, _, ctx) => localize(w.typeName, ctx.locale) }),
    department: t.field({ type: RoleEnum, description: "The handling department (its role); breaches count against it.", resolve: (w) => w.handlingRole }),
    status: t.field({ type: StatusEnum, resolve: (w) => w.status }),
    urgent: t.exposeBoolean("urgent"),
    fields: t.field({
      type: [FieldValueRef],
      description: "The form as filled in, labelled as the type was when the order was made.",
      resolve: async (w, _, ctx) => {
        // Orders made before definitions were kept with them fall back to the type as it is now.
        const type = w.fieldDefs ? undefined : (await settingsFor(ctx.actor)).types.find((x) => x.key === w.typeKey);
        const defs = w.fieldDefs ?? type?.fields ?? [];
        const at = (key: string) => defs.findIndex((f) => f.key === key) >>> 0; // unknown keys last
        return Object.entries(w.fields).sort(([a], [b]) => at(a) - at(b)).map(([key, value]) => ({ def: defs.find((f) => f.key === key) ?? { key, label: { zh: key, en: key }, kind: typeof value === "number" ? "NUMBER" : "TEXT", required: false }, value }));
      },
    }),
    customer: t.field({ type: CustomerRef, nullable: true, resolve: (w, _, ctx) => (w.customerId ? visibleCustomer(ctx.actor, w.customerId) : null) }),
    opportunity: t.field({ type: OpportunityRef, nullable: true, resolve: (w, _, ctx) => (w.opportunityId ? visibleOpportunity(ctx.actor, w.opportunityId) : null) }),
    quote: t.field({ type: QuoteRef, nullable: true, resolve: (w, _, ctx) => (w.quoteId ? visibleQuote(ctx.actor, w.quoteId) : null) }),
    contract: t.field({ type: ContractRef, nullable: true, resolve: (w, _, ctx) => (w.contractId ? visibleContract(ctx.actor, w.contractId) : null) }),
    createdBy: t.field({ type: UserRef, nullable: true, description: "null: opened by the system.", resolve: (w, _, ctx) => (w.createdBy ? loadUser(ctx.actor, w.createdBy) : null) }),
    assignee: t.field({ type: UserRef, nullable: true, resolve: (w, _, ctx) => (w.assigneeId ? loadUser(ctx.actor, w.assigneeId) : null) }),
    createdAt: t.field({ type: "DateTime", resolve: (w) => w.createdAt }),
    responseDueAt: t.field({ type: "DateTime", description: "Response SLA: business hours from creation (urgent: shorter).", resolve: (w) => w.responseDueAt }),
    resolutionDueAt: t.field({ type: "DateTime", description: "Resolution SLA: business hours from creation.", resolve: (w) => w.resolutionDueAt }),
    respondedAt: t.field({ type: "DateTime", nullable: true, description: "When it first left OPEN (acknowledged or rejected).", resolve: (w) => w.respondedAt ?? null }),
    finishedAt: t.field({ type: "DateTime", nullable: true, description: "When it was resolved or rejected.", resolve: (w) => w.finishedAt ?? null }),
    responseHours: t.float({ nullable: true, description: "Business hours from creation to the response, two decimals.", resolve: (w, _, ctx) => elapsed(w, w.respondedAt, ctx.actor) }),
    resolutionHours: t.float({ nullable: true, description: "Business hours from creation to resolution or rejection, two decimals.", resolve: (w, _, ctx) => elapsed(w, w.finishedAt, ctx.actor) }),
    statusTimes: t.field({
      type: [StatusTimeRef],
      description: "When each status was entered, in order.",
      resolve: (w) => WorkOrders.WORK_ORDER_STATUSES.filter((s) => w.statusAt[s]).map((s) => ({ status: s, at: w.statusAt[s]! })),
    }),
    rejectReason: t.exposeString("rejectReason", { nullable: true }),
    breached: t.field({
      type: [BreachEnum],
      description: "Deadlines missed (the ticket is red): answered late, or past and still unanswered, whether or not the sweep has run.",
      resolve: (w, _, ctx) => WorkOrders.breachesOf(w, ctx.actor.deps.clock.now()),
    }),
    handOverDocumentName: t.string({ nullable: true, resolve: (w) => w.documentName ?? null }),
    handOverDocumentUrl: t.string({
      nullable: true,
      description: "Delivery hand-over orders: a short-lived link to the 客户交付说明书 PDF made at signing.",
      resolve: (w, _, ctx) => (w.documentKey ? ctx.actor.deps.files.downloadUrl(w.documentKey, w.documentName ?? "hand-over.pdf", DOCUMENT_URL_SECONDS) : null),
    }),
    version: t.exposeInt("version"),
    timeline: t.connection({ type: ActivityRef, resolve: timelineResolver("WORK_ORDER") }, { name: "WorkOrderTimelineConnection" }, { name: "WorkOrderTimelineEdge" }),
  }),
});

const FilterInput = builder.inputType("WorkOrderFilter", {
  fields: (t) => ({
    status: t.field({ type: StatusEnum }),
    typeKey: t.string(),
    assigneeId: t.id(),
    department: t.field({ type: RoleEnum }),
    breached: t.boolean({ description: "true: only red ones; false: only those on time." }),
    customerId: t.id(),
    opportunityId: t.id(),
  }),
});

builder.queryFields((t) => ({
  workOrder: t.field({
    type: WorkOrderRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      const local = localId(String(id), "WorkOrder");
      return local ? WorkOrders.visibleWorkOrder(ctx.actor, local) : null;
    },
  }),
  workOrders: t.connection(
    {
      type: WorkOrderRef,
      description:
        "Newest first, within what the viewer may see: what they asked for, what is assigned to them, their departments' queues, their team's (managers), everything (GM, ADMIN).",
      args: { filter: t.arg({ type: FilterInput }) },
      resolve: (_, args, ctx) => {
        const f = args.filter ?? {};
        const id = (v: string | number | null | undefined, type: string) => (v == null ? null : (localId(String(v), type) ?? "-"));
        const filter = { ...f, assigneeId: id(f.assigneeId, "User"), customerId: id(f.customerId, "Customer"), opportunityId: id(f.opportunityId, "Opportunity") };
        return listConnection(args, ctx, "workOrders", (page) => WorkOrders.listWorkOrders(ctx.actor, filter, page));
      },
    },
    { name: "WorkOrderConnection" },
    { name: "WorkOrderEdge" },
  ),
}));

const FieldValueInput = builder.inputType("WorkOrderFieldValueInput", {
  description: "One form value: `text` for TEXT and CHOICE, `number`, `date` or `fen` (MONEY) by the field's kind.",
  fields: (t) => ({ key: t.string({ required: true }), text: t.string(), number: t.float(), date: t.field({ type: "Date" }), fen: t.field({ type: "Fen" }) }),
});

const CreateInput = builder.inputType("CreateWorkOrderInput", {
  fields: (t) => ({
    typeKey: t.string({ required: true }),
    title: t.string({ required: true }),
    customerId: t.id(),
    opportunityId: t.id(),
    quoteId: t.id(),
    contractId: t.id(),
    urgent: t.boolean({ description: "Shorter SLAs (response 2 business hours by default)." }),
    fields: t.field({ type: [FieldValueInput] }),
    idempotencyKey: t.string({ description: "The same key again with the same request (a retry) returns the first order; with another request, IdempotencyKeyReusedError." }),
  }),
});

const workOrderId = (id: string | number) => inputId(String(id), "WorkOrder", "id");

builder.mutationFields((t) => ({
  createWorkOrder: t.field({
    type: WorkOrderRef,
    description: "A request to the type's department: the form checked against the type, deadlines set in business hours.",
    args: { input: t.arg({ type: CreateInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, IdempotencyKeyReusedError] },
    resolve: (_, { input }, ctx) =>
      WorkOrders.createWorkOrder(ctx.actor, {
        ...input,
        customerId: optionalInputId(input.customerId as string | null | undefined, "Customer", "customerId"),
        opportunityId: optionalInputId(input.opportunityId as string | null | undefined, "Opportunity", "opportunityId"),
        quoteId: optionalInputId(input.quoteId as string | null | undefined, "Quote", "quoteId"),
        contractId: optionalInputId(input.contractId as string | null | undefined, "Contract", "contractId"),
      }),
  }),
  assignWorkOrder: t.field({
    type: WorkOrderRef,
    description: "To someone in the handling department or a supervisor of its people; they are emailed.",
    args: { id: t.arg.id({ required: true }), assigneeId: t.arg.id({ required: true }) },
    errors: { types: [...COMMON_ERRORS, WorkOrders.IllegalTransitionError] },
    resolve: (_, { id, assigneeId }, ctx) => WorkOrders.assignWorkOrder(ctx.actor, workOrderId(id), inputId(String(assigneeId), "User", "assigneeId")),
  }),
  transitionWorkOrder: t.field({
    type: WorkOrderRef,
    description:
      "OPEN → ACKNOWLEDGED → IN_PROGRESS → RESOLVED → CLOSED, or REJECTED (reason required) before resolution. `version`: only if unchanged since (VersionConflictError); without it, a concurrent change is read and the move judged again.",
    args: { id: t.arg.id({ required: true }), to: t.arg({ type: StatusEnum, required: true }), reason: t.arg.string(), version: t.arg.int() },
    errors: { types: [...COMMON_ERRORS, WorkOrders.IllegalTransitionError, VersionConflictError] },
    resolve: (_, { id, to, reason, version }, ctx) => WorkOrders.transitionWorkOrder(ctx.actor, workOrderId(id), to, reason, version),
  }),
}));
