import * as WorkOrders from "../functions/core/work-order";
import { builder } from "./builder";
import { queryErrors } from "./errors";

const GroupByEnum = builder.enumType("WorkOrderStatsGroupBy", { values: ["DEPARTMENT", "TYPE"] as const });

const StatsRowRef = builder.objectRef<WorkOrders.WorkOrderStatsRow>("WorkOrderStatsRow").implement({
  fields: (t) => ({
    key: t.exposeString("key", { description: "The handling role (DEPARTMENT) or the type's key (TYPE)." }),
    count: t.exposeInt("count", { description: "Orders created in the period." }),
    responded: t.exposeInt("responded"),
    resolved: t.exposeInt("resolved", { description: "Resolved or rejected." }),
    medianResponseHours: t.exposeFloat("medianResponseHours", { nullable: true, description: "Business hours, median over the responded; rounded half up to two decimals." }),
    medianResolutionHours: t.exposeFloat("medianResolutionHours", { nullable: true, description: "Business hours, median over the resolved or rejected; rounded half up to two decimals." }),
    breached: t.exposeInt("breached", { description: "Orders that missed either deadline." }),
    breachRatePercent: t.exposeFloat("breachRatePercent", { description: "breached ÷ count × 100, rounded half up to one decimal." }),
  }),
});

builder.queryFields((t) => ({
  workOrderStats: t.field({
    type: [StatsRowRef],
    description: "Orders created in the period (2026-11, 2026-Q4, 2026; organization calendar) by handling department or type. MANAGER, GM and ADMIN.",
    args: { period: t.arg.string({ required: true }), groupBy: t.arg({ type: GroupByEnum, required: true }) },
    resolve: (_, { period, groupBy }, ctx) => queryErrors(ctx, () => WorkOrders.workOrderStats(ctx.actor, period, groupBy)),
  }),
}));
