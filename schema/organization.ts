import { updateOrganization, type Organization } from "../functions/core/organization";
import { VersionConflictError } from "../functions/core/errors";
import { builder } from "./builder";
import { COMMON_ERRORS } from "./errors";

type ReleaseDays = Organization["releaseDays"];

const ReleaseDaysRef = builder.objectRef<ReleaseDays>("ReleaseDays").implement({
  description: "Days without a follow-up before a held customer returns to the pool, per tier; 0 never.",
  fields: (t) => ({ A: t.exposeInt("A"), B: t.exposeInt("B"), C: t.exposeInt("C") }),
});

export const OrganizationRef = builder.objectRef<Organization>("Organization").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    timeZone: t.exposeString("timeZone", { description: "IANA zone for days, due dates and business hours." }),
    releaseDays: t.field({ type: ReleaseDaysRef, resolve: (o) => o.releaseDays }),
    maxCustomersPerOwner: t.exposeInt("maxCustomersPerOwner"),
    version: t.exposeInt("version"),
  }),
});

const ReleaseDaysInput = builder.inputType("ReleaseDaysInput", {
  fields: (t) => ({ A: t.int(), B: t.int(), C: t.int() }),
});

const UpdateOrganizationInput = builder.inputType("UpdateOrganizationInput", {
  fields: (t) => ({
    expectedVersion: t.int({ required: true }),
    name: t.string(),
    timeZone: t.string(),
    releaseDays: t.field({ type: ReleaseDaysInput }),
    maxCustomersPerOwner: t.int(),
  }),
});

builder.queryField("organization", (t) =>
  t.field({ type: OrganizationRef, resolve: (_, __, ctx) => ctx.actor.org() }),
);

builder.mutationField("updateOrganization", (t) =>
  t.field({
    type: OrganizationRef,
    description: "ADMIN: pool release days, holding limit, time zone.",
    args: { input: t.arg({ type: UpdateOrganizationInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, VersionConflictError] },
    resolve: (_, { input: { expectedVersion, releaseDays, ...rest } }, ctx) =>
      updateOrganization(ctx.actor, expectedVersion, {
        ...rest,
        releaseDays: releaseDays && {
          A: releaseDays.A ?? undefined,
          B: releaseDays.B ?? undefined,
          C: releaseDays.C ?? undefined,
        },
      }),
  }),
);
