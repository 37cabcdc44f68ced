import { loadUser } from "../functions/core/actor";
import { visibleCustomer } from "../functions/core/customer/access";
import * as Pipeline from "../functions/core/pipeline";
import { localize } from "../functions/core/text";
import { ActivityRef, timelineResolver } from "./activity";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { CustomerRef } from "./customer";
import { queryErrors } from "./errors";
import { localId } from "./ids";
import { MoneyRef } from "./money";
import { UserRef } from "./user";
import { DAYS_NOTE, measure } from "./number-formats";

export const StageEnum = builder.enumType("Stage", { values: Pipeline.STAGES });
export const ForecastCategoryEnum = builder.enumType("ForecastCategory", { values: Pipeline.FORECAST_CATEGORIES });
export const EvidenceKindEnum = builder.enumType("EvidenceKind", { values: Pipeline.EVIDENCE_KINDS });
export const EvidenceStatusEnum = builder.enumType("EvidenceStatus", { values: Pipeline.EVIDENCE_STATUSES });

const DOWNLOAD_SECONDS = 10 * 60;

export const EvidenceRef = builder.objectRef<Pipeline.Evidence>("Evidence").implement({
  description: "A file backing a stage move. It counts once the store holds it with the declared size and SHA-256.",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: EvidenceKindEnum, resolve: (e) => e.kind }),
    fileName: t.exposeString("fileName"),
    contentType: t.exposeString("contentType"),
    size: t.exposeInt("size", { description: "Bytes." }),
    sha256: t.exposeString("sha256"),
    status: t.field({ type: EvidenceStatusEnum, resolve: (e) => e.status }),
    uploadedBy: t.field({ type: UserRef, nullable: true, resolve: (e, _, ctx) => loadUser(ctx.actor, e.uploadedBy) }),
    createdAt: t.field({ type: "DateTime", resolve: (e) => e.createdAt }),
    uploadedAt: t.field({ type: "DateTime", nullable: true, resolve: (e) => e.uploadedAt }),
    downloadUrl: t.string({
      nullable: true,
      description: "A link valid for 10 minutes; null until uploaded.",
      resolve: (e, _, ctx) => (e.status === "UPLOADED" ? ctx.actor.deps.files.downloadUrl(e.fileKey, e.fileName, DOWNLOAD_SECONDS) : null),
    }),
  }),
});

const StageVisitRef = builder.objectRef<Pipeline.StageVisit>("StageVisit").implement({
  description: "One stay in a stage, with exact entry and exit times.",
  fields: (t) => ({
    stage: t.field({ type: StageEnum, resolve: (v) => v.stage }),
    enteredAt: t.field({ type: "DateTime", resolve: (v) => v.enteredAt }),
    exitedAt: t.field({ type: "DateTime", nullable: true, resolve: (v) => v.exitedAt }),
    dwellDays: t.float({
      description: `Days spent in the stage (so far, for the current one). ${DAYS_NOTE}`,
      resolve: (v, _, ctx) => measure(((v.exitedAt ? Date.parse(v.exitedAt) : ctx.actor.deps.clock.now().getTime()) - Date.parse(v.enteredAt)) / 86_400_000)!,
    }),
    movedBy: t.field({ type: UserRef, nullable: true, resolve: (v, _, ctx) => loadUser(ctx.actor, v.movedBy) }),
    reason: t.exposeString("reason", { nullable: true }),
    evidenceIds: t.exposeIDList("evidenceIds"),
  }),
});

export const OpportunityRef = builder.objectRef<Pipeline.Opportunity>("Opportunity");

builder.node(OpportunityRef, {
  description: "A deal moving through the organization's stages.",
  id: { resolve: (o) => o.id },
  isTypeOf: (o) => typeof o === "object" && o !== null && "stageHistory" in o,
  loadOne: (id, ctx) => Pipeline.visibleOpportunity(ctx.actor, id),
  fields: (t) => ({
    title: t.exposeString("title"),
    customer: t.field({ type: CustomerRef, nullable: true, resolve: (o, _, ctx) => visibleCustomer(ctx.actor, o.customerId) }),
    owner: t.field({ type: UserRef, nullable: true, resolve: (o, _, ctx) => loadUser(ctx.actor, o.ownerId) }),
    productLines: t.exposeStringList("productLines"),
    amount: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Expected amount incl. VAT (含税), as every pipeline amount is. Once won, closed-won counts wonAmount instead.",
      resolve: (o) => o.amount,
    }),
    wonAmount: t.field({
      type: MoneyRef,
      nullable: true,
      description: "The signed contract's amount incl. VAT: what closed-won counts, in the month of wonOn.",
      resolve: (o) => o.wonAmount ?? null,
    }),
    wonOn: t.field({ type: "Date", nullable: true, description: "The signed contract's signing day (organization calendar).", resolve: (o) => o.wonOn ?? null }),
    expectedCloseOn: t.field({ type: "Date", nullable: true, resolve: (o) => o.expectedCloseOn }),
    source: t.exposeString("source", { nullable: true }),
    stage: t.field({ type: StageEnum, resolve: (o) => o.stage }),
    stageLabel: t.string({ resolve: (o, _, ctx) => localize(Pipeline.STAGE_LABELS[o.stage], ctx.locale) }),
    probability: t.int({
      description: "The stage's probability, percent (0 when lost).",
      resolve: async (o, _, ctx) => Pipeline.stageSettings((await ctx.actor.org()).pipeline, o.stage)?.probability ?? 0,
    }),
    forecastCategory: t.field({ type: ForecastCategoryEnum, resolve: (o) => o.forecastCategory }),
    competitors: t.exposeStringList("competitors"),
    budget: t.field({ type: MoneyRef, nullable: true, resolve: (o) => o.budget }),
    decisionMaker: t.exposeString("decisionMaker", { nullable: true }),
    useCase: t.exposeString("useCase", { nullable: true }),
    lostReason: t.exposeString("lostReason", { nullable: true }),
    stageEnteredAt: t.field({ type: "DateTime", resolve: (o) => o.stageEnteredAt }),
    daysInStage: t.int({ description: "Whole local days (organization's time zone) since the deal entered its stage.", resolve: async (o, _, ctx) => Pipeline.daysInStage(o, ctx.actor.deps.clock.now(), (await ctx.actor.org()).timeZone) }),
    stalled: t.boolean({
      description: "Open and longer in its stage than the stage allows.",
      resolve: async (o, _, ctx) => Pipeline.isStalled(o, await ctx.actor.org(), ctx.actor.deps.clock.now()),
    }),
    stageHistory: t.field({ type: [StageVisitRef], resolve: (o) => o.stageHistory }),
    evidence: t.field({ type: [EvidenceRef], description: "Newest first.", resolve: (o, _, ctx) => Pipeline.evidenceOf(ctx.actor, o) }),
    wonAt: t.field({ type: "DateTime", nullable: true, description: "When the signing was recorded (the deal won).", resolve: (o) => o.wonAt }),
    lostAt: t.field({ type: "DateTime", nullable: true, resolve: (o) => o.lostAt }),
    createdAt: t.field({ type: "DateTime", resolve: (o) => o.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (o) => o.updatedAt }),
    version: t.exposeInt("version"),
    timeline: t.connection(
      {
        type: ActivityRef,
        resolve: timelineResolver("OPPORTUNITY"),
      },
      { name: "OpportunityTimelineConnection" },
      { name: "OpportunityTimelineEdge" },
    ),
  }),
});

export const OpportunityFilter = builder.inputType("OpportunityFilter", {
  fields: (t) => ({
    ownerId: t.id(),
    stage: t.field({ type: StageEnum }),
    customerId: t.id(),
    closeFrom: t.field({ type: "Date" }),
    closeTo: t.field({ type: "Date" }),
    stalled: t.boolean({ description: "true: only open deals stalled in their stage (longest first)." }),
  }),
});

/** The filter as the core takes it (ids decoded; one of another kind matches nothing): the list and its export share it. */
export function opportunityFilterOf(given: typeof OpportunityFilter.$inferInput | null | undefined): Pipeline.OpportunityFilter {
  const { ownerId, customerId, ...rest } = given ?? {};
  return {
    ...rest,
    ownerId: ownerId == null ? null : (localId(String(ownerId), "User") ?? "-"),
    customerId: customerId == null ? null : (localId(String(customerId), "Customer") ?? "-"),
  };
}

const connectionNames = [{ name: "OpportunityConnection" }, { name: "OpportunityEdge" }] as const;

builder.queryFields((t) => ({
  opportunity: t.field({
    type: OpportunityRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      const local = localId(String(id), "Opportunity");
      return local ? Pipeline.visibleOpportunity(ctx.actor, local) : null;
    },
  }),
  opportunities: t.connection(
    {
      type: OpportunityRef,
      description: "Closing soonest first, within what the viewer may see.",
      args: { filter: t.arg({ type: OpportunityFilter }) },
      resolve: (_, args, ctx) => queryErrors(ctx, async () => {
        // Stalled deals are ordered by when they entered their stage, not by closing date: their cursors are another list's.
        const list = args.filter?.stalled ? "stalledOpportunities" : "opportunities";
        return listConnection(args, ctx, list, (page) => Pipeline.listOpportunities(ctx.actor, opportunityFilterOf(args.filter), page));
      }),
    },
    ...connectionNames,
  ),
}));

builder.objectField(CustomerRef, "opportunities", (t) =>
  t.connection(
    {
      type: OpportunityRef,
      description: "This customer's deals the viewer may see, closing soonest first.",
      resolve: (c, args, ctx) => listConnection(args, ctx, "opportunities", (page) => Pipeline.customerOpportunities(ctx.actor, c.id, page)),
    },
    { name: "CustomerOpportunityConnection" },
    { name: "CustomerOpportunityEdge" },
  ),
);
