import { encodeGlobalID } from "@pothos/plugin-relay";
import { loadUser } from "../functions/core/actor";
import { visibleCustomer } from "../functions/core/customer/access";
import { visibleOpportunity } from "../functions/core/pipeline/access";
import { hoursLate, listSlaBreaches } from "../functions/core/sla/list";
import type { SlaBreach } from "../functions/core/sla/model";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { CustomerRef } from "./customer";
import { queryErrors } from "./errors";
import { localId } from "./ids";
import { OpportunityRef, StageEnum } from "./opportunity";
import { UserRef } from "./user";
import { DAYS_NOTE, measure } from "./number-formats";

const SlaBreachRef = builder.objectRef<SlaBreach>("SlaBreach").implement({
  description: "A follow-up deadline that passed with nothing logged on the deal's customer; resolved by the next follow-up.",
  fields: (t) => ({
    id: t.id({ description: "Opaque: the breach of one deal's deadline.", resolve: (b) => encodeGlobalID("SlaBreach", `${b.opportunityId}#${b.deadline}`) }),
    deal: t.field({ type: OpportunityRef, nullable: true, resolve: (b, _, ctx) => visibleOpportunity(ctx.actor, b.opportunityId) }),
    customer: t.field({ type: CustomerRef, nullable: true, resolve: (b, _, ctx) => visibleCustomer(ctx.actor, b.customerId) }),
    owner: t.field({ type: UserRef, nullable: true, description: "The deal's owner when it was breached.", resolve: (b, _, ctx) => loadUser(ctx.actor, b.ownerId) }),
    stage: t.field({ type: StageEnum, resolve: (b) => b.stage }),
    slaHours: t.exposeFloat("slaHours", { description: "The stage's SLA in business hours when it was breached." }),
    deadline: t.field({ type: "DateTime", resolve: (b) => b.deadline }),
    breachedAt: t.field({ type: "DateTime", description: "When the breach was found and the owner emailed.", resolve: (b) => b.breachedAt }),
    hoursLate: t.float({
      description: `Business hours from the deadline to the follow-up that resolved it, or to now while unresolved. ${DAYS_NOTE}`,
      resolve: async (b, _, ctx) => measure(await hoursLate(ctx.actor, b))!,
    }),
    resolvedAt: t.field({ type: "DateTime", nullable: true, description: "When a follow-up finally came.", resolve: (b) => b.resolvedAt }),
  }),
});

const SlaBreachFilter = builder.inputType("SlaBreachFilter", {
  fields: (t) => ({
    ownerId: t.id(),
    stage: t.field({ type: StageEnum }),
    from: t.field({ type: "DateTime", description: "Deadlines at or after." }),
    to: t.field({ type: "DateTime", description: "Deadlines before." }),
  }),
});

builder.queryField("slaBreaches", (t) =>
  t.connection(
    {
      type: SlaBreachRef,
      description: "Follow-up SLA breaches, latest deadline first: a rep's own, a manager's team's, everyone's for GM and ADMIN.",
      args: { filter: t.arg({ type: SlaBreachFilter }) },
      resolve: (_, args, ctx) =>
        queryErrors(ctx, async () => {
          const { ownerId, stage, from, to } = args.filter ?? {};
          const filter = { ownerId: ownerId == null ? null : (localId(String(ownerId), "User") ?? "-"), stage, from, to };
          return listConnection(args, ctx, "slaBreaches", (page) => listSlaBreaches(ctx.actor, filter, page));
        }),
    },
    { name: "SlaBreachConnection" },
    { name: "SlaBreachEdge" },
  ),
);
