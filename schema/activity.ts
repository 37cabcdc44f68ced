import { loadUser } from "../functions/core/actor";
import { ACTIVITY_KINDS, type Activity, type FieldChange, type SubjectType } from "../functions/core/activity";
import { timelineOf } from "../functions/core/timeline";
import { listConnection } from "./connection";
import { summarize } from "../functions/core/activity-summary";
import { FOLLOW_UP_KINDS } from "../functions/core/customer/model";
import { builder, type Context } from "./builder";
import { UserRef } from "./user";

export const ActivityKindEnum = builder.enumType("ActivityKind", { values: ACTIVITY_KINDS });
export const FollowUpKindEnum = builder.enumType("FollowUpKind", { values: FOLLOW_UP_KINDS });

const FieldChangeRef = builder.objectRef<FieldChange>("FieldChange").implement({
  description: "One field's change, old → new, as display strings (JSON for lists).",
  fields: (t) => ({
    field: t.exposeString("field"),
    old: t.exposeString("old", { nullable: true }),
    new: t.exposeString("new", { nullable: true }),
  }),
});

const userOrNull = (id: string | null | undefined, ctx: Context) => (id ? loadUser(ctx.actor, id) : null);

/** Resolves any record's `timeline` connection. */
export const timelineResolver =
  (subjectType: SubjectType) =>
  (record: { id: string }, args: Parameters<typeof listConnection>[0], ctx: Context) =>
    listConnection(args, ctx, "timeline", (page) => timelineOf(ctx.actor, subjectType, record.id, page));

export const ActivityRef = builder.objectRef<Activity>("Activity").implement({
  description: "A timeline entry: who did what, when. Private notes reach their author only.",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: ActivityKindEnum, resolve: (a) => a.kind }),
    at: t.field({ type: "DateTime", resolve: (a) => a.at }),
    actor: t.field({ type: UserRef, nullable: true, description: "null: the system.", resolve: (a, _, ctx) => userOrNull(a.actorId, ctx) }),
    summary: t.string({
      description: "One line in the reader's language.",
      resolve: async (a, _, ctx) => {
        const [actor, from, to] = await Promise.all([a.actorId, a.fromOwnerId, a.toOwnerId].map((id) => userOrNull(id, ctx)));
        return summarize(a, { actor: actor?.name ?? null, from: from?.name ?? null, to: to?.name ?? null }, ctx.locale);
      },
    }),
    changes: t.field({ type: [FieldChangeRef], resolve: (a) => a.changes }),
    followUpKind: t.field({ type: FollowUpKindEnum, nullable: true, resolve: (a) => a.followUpKind ?? null }),
    occurredAt: t.field({ type: "DateTime", nullable: true, resolve: (a) => a.occurredAt ?? null }),
    nextActionOn: t.field({ type: "Date", nullable: true, resolve: (a) => a.nextActionOn ?? null }),
    note: t.string({ nullable: true, resolve: (a) => a.note ?? null }),
    reason: t.string({ nullable: true, resolve: (a) => a.reason ?? null }),
    fromOwner: t.field({ type: UserRef, nullable: true, resolve: (a, _, ctx) => userOrNull(a.fromOwnerId, ctx) }),
    toOwner: t.field({ type: UserRef, nullable: true, resolve: (a, _, ctx) => userOrNull(a.toOwnerId, ctx) }),
    isPrivate: t.boolean({ resolve: (a) => !!a.visibleTo }),
  }),
});
