import { loadUser } from "../functions/core/actor";
import * as Customers from "../functions/core/customer";
import type { PageArgs } from "../functions/core/paging";
import { prefetchTimeline } from "../functions/core/timeline";
import { ActivityRef, timelineResolver } from "./activity";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { localId } from "./ids";
import { childFieldArgs } from "./lookahead";
import { queryErrors } from "./errors";
import { LocaleEnum, UserRef } from "./user";

export const TierEnum = builder.enumType("Tier", { values: Customers.TIERS });
export const ContactRoleEnum = builder.enumType("ContactRole", { values: Customers.CONTACT_ROLES });

const ContactRef = builder.objectRef<Customers.Contact>("Contact").implement({
  fields: (t) => ({
    name: t.exposeString("name"),
    title: t.exposeString("title", { nullable: true }),
    phone: t.exposeString("phone", { nullable: true }),
    email: t.exposeString("email", { nullable: true }),
    role: t.field({ type: ContactRoleEnum, nullable: true, resolve: (c) => c.role }),
    locale: t.field({ type: LocaleEnum, description: "The language of the quotes and emails sent to this contact.", resolve: (c) => c.locale ?? "zh-CN" }),
  }),
});

export const CustomerRef = builder.objectRef<Customers.Customer>("Customer");

builder.node(CustomerRef, {
  description: "A company the team sells to. Reps see their own and the pool; managers their team's; ADMIN/GM all.",
  id: { resolve: (c) => c.id },
  isTypeOf: (c) => typeof c === "object" && c !== null && "nameKey" in c && "tier" in c,
  loadOne: (id, ctx) => Customers.visibleCustomer(ctx.actor, id),
  fields: (t) => ({
    name: t.exposeString("name"),
    tier: t.field({ type: TierEnum, resolve: (c) => c.tier }),
    industry: t.exposeString("industry"),
    region: t.exposeString("region"),
    source: t.exposeString("source"),
    creditCode: t.exposeString("creditCode", { nullable: true, description: "统一社会信用代码 (18 characters)." }),
    address: t.exposeString("address", { nullable: true }),
    phone: t.exposeString("phone", { nullable: true }),
    website: t.exposeString("website", { nullable: true }),
    remark: t.exposeString("remark", { nullable: true }),
    contacts: t.field({ type: [ContactRef], resolve: (c) => c.contacts }),
    tags: t.exposeStringList("tags"),
    owner: t.field({
      type: UserRef,
      nullable: true,
      description: "null: in the shared pool (公海).",
      resolve: (c, _, ctx) => (c.ownerId ? loadUser(ctx.actor, c.ownerId) : null),
    }),
    inPool: t.boolean({ resolve: (c) => c.ownerId === null }),
    ownedSince: t.field({ type: "DateTime", nullable: true, resolve: (c) => c.ownedSince }),
    lastFollowUpAt: t.field({ type: "DateTime", nullable: true, resolve: (c) => c.lastFollowUpAt }),
    nextActionOn: t.field({ type: "Date", nullable: true, resolve: (c) => c.nextActionOn }),
    releaseAt: t.field({
      type: "DateTime",
      nullable: true,
      description:
        "When it returns to the pool unless followed up before, under the organization's current days per tier; null in the pool or for a tier that never releases.",
      resolve: async (c, _, ctx) => Customers.releaseAtFor(c, await ctx.actor.org()),
    }),
    canEdit: t.boolean({ description: "Whether the viewer may edit it.", resolve: (c, _, ctx) => Customers.canEdit(ctx.actor, c) }),
    createdAt: t.field({ type: "DateTime", resolve: (c) => c.createdAt }),
    createdBy: t.field({ type: UserRef, nullable: true, resolve: (c, _, ctx) => loadUser(ctx.actor, c.createdBy) }),
    updatedAt: t.field({ type: "DateTime", resolve: (c) => c.updatedAt }),
    version: t.exposeInt("version", { description: "Send it back as expectedVersion when updating." }),
    timeline: t.connection({
      type: ActivityRef,
      description: "Every change and follow-up, newest first. Private notes appear to their author only.",
      resolve: timelineResolver("CUSTOMER"),
    }, { name: "ActivityConnection" }, { name: "ActivityEdge" }),
  }),
});

export const CustomerFilter = builder.inputType("CustomerFilter", {
  fields: (t) => ({
    tier: t.field({ type: TierEnum }),
    ownerId: t.id(),
    region: t.string(),
    industry: t.string(),
    search: t.string({
      description:
        "Words (at most 100 characters), each a part of the name, credit code, phone, a contact or a tag, in any order; or the pinyin initials of the name (nbjr for 宁波捷锐). Longer is a ValidationError.",
    }),
    inPool: t.boolean({ description: "true: only the pool; false: only held customers." }),
  }),
});

/** The filter as the core takes it (ids decoded; one of another kind matches no one): the list and its export share it. */
export function customerFilterOf(given: typeof CustomerFilter.$inferInput | null | undefined): Customers.CustomerFilter {
  const { ownerId, ...filter } = given ?? {};
  return { ...filter, ownerId: ownerId == null ? null : (localId(String(ownerId), "User") ?? "-") };
}

builder.queryFields((t) => ({
  customer: t.field({
    type: CustomerRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx, info) => {
      const local = localId(String(id), "Customer");
      if (!local) return null;
      // A customer screen asks for the timeline too: read it while the access check runs.
      const timeline = childFieldArgs(info, "timeline");
      if (timeline) prefetchTimeline(ctx.actor, "CUSTOMER", local, timeline as PageArgs);
      return Customers.visibleCustomer(ctx.actor, local);
    },
  }),
  customers: t.connection({
    type: CustomerRef,
    description: "Newest first, within what the viewer may see.",
    args: { filter: t.arg({ type: CustomerFilter }) },
    resolve: (_, args, ctx) => queryErrors(ctx, () => listConnection(args, ctx, "customers", (page) => Customers.listCustomers(ctx.actor, customerFilterOf(args.filter), page))),
  }, { name: "CustomerConnection" }, { name: "CustomerEdge" }),
}));
