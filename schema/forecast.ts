import type { Actor } from "../functions/core/actor";
import { loadUser } from "../functions/core/actor";
import { type Currency, money } from "../functions/core/money";
import * as Pipeline from "../functions/core/pipeline";
import { localize } from "../functions/core/text";
import { builder } from "./builder";
import { COMMON_ERRORS, queryErrors } from "./errors";
import { optionalInputId } from "./ids";
import { MoneyInput, MoneyRef } from "./money";
import { StageEnum } from "./opportunity";
import { UserRef } from "./user";
import { DAYS_NOTE, measure, ratio, RATIO_NOTE } from "./number-formats";

export const GroupByEnum = builder.enumType("ForecastGroupBy", { values: Pipeline.GROUP_BY });

type Row = Pipeline.ForecastRow & { currency: Currency };
const amount = (fen: number, r: { currency: Currency }) => money(fen, r.currency);
const groupUser = (userId: string | null, actor: Actor) => (userId ? loadUser(actor, userId) : null);

const ForecastRowRef = builder.objectRef<Row>("ForecastRow").implement({
  description: "One rep, team or region (or the total) for the period.",
  fields: (t) => ({
    key: t.string({ resolve: (r) => r.group.key }),
    label: t.string({ resolve: (r, _, ctx) => localize(r.group.label, ctx.locale) }),
    user: t.field({ type: UserRef, nullable: true, description: "The rep, or the team's manager.", resolve: (r, _, ctx) => groupUser(r.group.userId, ctx.actor) }),
    weightedPipeline: t.field({ type: MoneyRef, description: "Open deals closing in the period, amount × stage probability.", resolve: (r) => amount(r.figures.weightedFen, r) }),
    pipeline: t.field({ type: MoneyRef, description: "Open amount in the PIPELINE category.", resolve: (r) => amount(r.figures.pipelineFen, r) }),
    bestCase: t.field({ type: MoneyRef, description: "Open amount in the BEST_CASE category.", resolve: (r) => amount(r.figures.bestCaseFen, r) }),
    commit: t.field({ type: MoneyRef, description: "Open amount in the COMMIT category.", resolve: (r) => amount(r.figures.commitFen, r) }),
    closedWon: t.field({
      type: MoneyRef,
      description: "Signed contracts' amounts incl. VAT (含税), in the month of their signing day; not the deals' estimates.", resolve: (r) => amount(r.figures.closedWonFen, r) }),
    openCount: t.int({ resolve: (r) => r.figures.openCount }),
    wonCount: t.int({ resolve: (r) => r.figures.wonCount }),
    target: t.field({ type: MoneyRef, nullable: true, resolve: (r) => (r.targetFen === null ? null : amount(r.targetFen, r)) }),
    attainment: t.float({ nullable: true, description: `closedWon ÷ target. ${RATIO_NOTE}`, resolve: (r) => ratio(r.attainment) }),
  }),
});

const ForecastRef = builder.objectRef<Pipeline.Forecast>("Forecast").implement({
  fields: (t) => ({
    period: t.exposeString("period"),
    groupBy: t.field({ type: GroupByEnum, resolve: (f) => f.groupBy }),
    rows: t.field({ type: [ForecastRowRef], resolve: (f) => f.rows.map((r) => ({ ...r, currency: f.currency as Currency })) }),
    total: t.field({ type: ForecastRowRef, resolve: (f) => ({ ...f.total, currency: f.currency as Currency }) }),
  }),
});

type AccRow = Pipeline.AccuracyRow & { currency: Currency };
const AccuracyRowRef = builder.objectRef<AccRow>("ForecastAccuracyRow").implement({
  fields: (t) => ({
    key: t.string({ resolve: (r) => r.group.key }),
    label: t.string({ resolve: (r, _, ctx) => localize(r.group.label, ctx.locale) }),
    user: t.field({ type: UserRef, nullable: true, resolve: (r, _, ctx) => groupUser(r.group.userId, ctx.actor) }),
    forecast: t.field({ type: MoneyRef, description: "At the period's start: weighted pipeline plus already won.", resolve: (r) => amount(r.forecastFen, r) }),
    commit: t.field({ type: MoneyRef, description: "COMMIT amount at the period's start.", resolve: (r) => amount(r.commitFen, r) }),
    actual: t.field({ type: MoneyRef, description: "Signed contracts' amounts incl. VAT, by signing day, in the period.", resolve: (r) => amount(r.actualFen, r) }),
    accuracy: t.float({ nullable: true, description: `1 − |actual − forecast| ÷ forecast, not below 0. ${RATIO_NOTE}`, resolve: (r) => ratio(r.accuracy) }),
  }),
});

const AccuracyRef = builder.objectRef<Pipeline.Accuracy & { currency: Currency }>("ForecastAccuracy").implement({
  fields: (t) => ({
    period: t.exposeString("period"),
    snapshotTakenAt: t.field({ type: "DateTime", resolve: (a) => a.snapshotTakenAt }),
    rows: t.field({ type: [AccuracyRowRef], resolve: (a) => a.rows.map((r) => ({ ...r, currency: a.currency })) }),
    total: t.field({ type: AccuracyRowRef, resolve: (a) => ({ ...a.total, currency: a.currency }) }),
  }),
});

const FunnelStageRef = builder.objectRef<Pipeline.FunnelStage & { currency: Currency }>("FunnelStage").implement({
  fields: (t) => ({
    stage: t.field({ type: StageEnum, resolve: (s) => s.stage }),
    label: t.string({ resolve: (s, _, ctx) => localize(Pipeline.STAGE_LABELS[s.stage], ctx.locale) }),
    entered: t.int({ description: "Deals entering the stage in the period.", resolve: (s) => s.entered }),
    enteredAmount: t.field({ type: MoneyRef, resolve: (s) => amount(s.enteredFen, s) }),
    conversionToNext: t.float({
      nullable: true,
      description:
        `Cohort conversion: of the deals that first entered this stage in the period, the share that has since first entered the next stage (at most 1). Null when none entered. ${RATIO_NOTE}`, resolve: (s) => ratio(s.conversionToNext) }),
    medianDwellDays: t.float({ nullable: true, description: `Median days in the stage of stays that ended in the period. ${DAYS_NOTE}`, resolve: (s) => measure(s.medianDwellDays) }),
  }),
});

const FunnelRef = builder.objectRef<Pipeline.Funnel & { currency: Currency }>("Funnel").implement({
  fields: (t) => ({
    period: t.exposeString("period"),
    stages: t.field({ type: [FunnelStageRef], resolve: (f) => f.stages.map((s) => ({ ...s, currency: f.currency })) }),
    wonCount: t.exposeInt("wonCount"),
    lostCount: t.exposeInt("lostCount"),
    winRate: t.float({ nullable: true, description: `won ÷ (won + lost) of deals closed in the period. ${RATIO_NOTE}`, resolve: (f) => ratio(f.winRate) }),
    averageCycleDays: t.float({ nullable: true, description: `Mean days from lead to signed contract. ${DAYS_NOTE}`, resolve: (f) => measure(f.averageCycleDays) }),
  }),
});

const FunnelFilter = builder.inputType("FunnelFilter", {
  fields: (t) => ({
    ownerId: t.id(),
    teamId: t.id({ description: "A manager's id: their team." }),
    region: t.string(),
  }),
});

const PERIOD = 'A month "2026-11", quarter "2026-Q4" or year "2026", in the organization\'s calendar.';

builder.queryFields((t) => ({
  forecast: t.field({
    type: ForecastRef,
    description: "Weighted pipeline, commit, best case, closed-won and target attainment. Reps see their own, managers their team.",
    args: { period: t.arg.string({ required: true, description: PERIOD }), groupBy: t.arg({ type: GroupByEnum, defaultValue: "REP" }) },
    resolve: (_, { period, groupBy }, ctx) => queryErrors(ctx, () => Pipeline.forecast(ctx.actor, period, groupBy ?? "REP")),
  }),
  forecastAccuracy: t.field({
    type: AccuracyRef,
    nullable: true,
    description: "The forecast kept at the period's start against what closed; null when no snapshot was taken then.",
    args: { period: t.arg.string({ required: true, description: PERIOD }), groupBy: t.arg({ type: GroupByEnum, defaultValue: "REP" }) },
    resolve: (_, { period, groupBy }, ctx) =>
      queryErrors(ctx, async () => {
        const result = await Pipeline.forecastAccuracy(ctx.actor, period, groupBy ?? "REP");
        return result && { ...result, currency: (await ctx.actor.org()).currency };
      }),
  }),
  funnel: t.field({
    type: FunnelRef,
    args: { period: t.arg.string({ required: true, description: PERIOD }), filter: t.arg({ type: FunnelFilter }) },
    resolve: (_, { period, filter }, ctx) =>
      queryErrors(ctx, async () => ({
        ...(await Pipeline.funnel(ctx.actor, period, {
          ownerId: optionalInputId(filter?.ownerId == null ? null : String(filter.ownerId), "User", "filter.ownerId"),
          teamId: optionalInputId(filter?.teamId == null ? null : String(filter.teamId), "User", "filter.teamId"),
          region: filter?.region,
        })),
        currency: (await ctx.actor.org()).currency,
      })),
  }),
}));

const TargetRef = builder.objectRef<Awaited<ReturnType<typeof Pipeline.setTarget>>>("Target").implement({
  fields: (t) => ({
    period: t.exposeString("period"),
    user: t.field({ type: UserRef, nullable: true, description: "The person, or the team's manager.", resolve: (r, _, ctx) => loadUser(ctx.actor, r.id) }),
    isTeam: t.boolean({ resolve: (r) => r.scope === "TEAM" }),
    amount: t.field({ type: MoneyRef, resolve: (r) => r.amount }),
  }),
});

const SetTargetInput = builder.inputType("SetTargetInput", {
  fields: (t) => ({
    userId: t.id({ description: "A person's target…" }),
    teamId: t.id({ description: "…or a team's (its manager's id)." }),
    period: t.string({ required: true, description: PERIOD }),
    amount: t.field({ type: MoneyInput, required: true }),
  }),
});

builder.mutationField("setTarget", (t) =>
  t.field({
    type: TargetRef,
    description: "Sets or replaces a target. ADMIN and GM for anyone; a manager for their team and its people.",
    args: { input: t.arg({ type: SetTargetInput, required: true }) },
    errors: { types: COMMON_ERRORS },
    resolve: (_, { input }, ctx) =>
      Pipeline.setTarget(ctx.actor, {
        ...input,
        userId: optionalInputId(input.userId == null ? null : String(input.userId), "User", "userId"),
        teamId: optionalInputId(input.teamId == null ? null : String(input.teamId), "User", "teamId"),
      }),
  }),
);
