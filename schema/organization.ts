import { type Letterhead, quoteFollowUpHoursOf, updateOrganization, type Organization } from "../functions/core/organization";
import type { LetterheadLogo } from "../functions/core/quote-delivery/logo";
import { VersionConflictError } from "../functions/core/errors";
import * as Pipeline from "../functions/core/pipeline";
import { localize } from "../functions/core/text";
import { builder } from "./builder";
import { COMMON_ERRORS } from "./errors";
import { CurrencyEnum } from "./money";
import { EvidenceKindEnum, StageEnum } from "./opportunity";
import { QuoteTrackingSettingsInput, QuoteTrackingSettingsRef } from "./quote-tracking-settings";
import { trackingOf } from "../functions/core/quote-tracking/settings";
import { digestTimeOf } from "../functions/core/digest/schedule";
import { addSlaSettingsFields, BusinessHoursInput, StageFollowUpSlaInput } from "./sla-settings";

type ReleaseDays = Organization["releaseDays"];

const ReleaseDaysRef = builder.objectRef<ReleaseDays>("ReleaseDays").implement({
  description: "Days without a follow-up before a held customer returns to the pool, per tier; 0 never. A change applies to customers already held.",
  fields: (t) => ({ A: t.exposeInt("A"), B: t.exposeInt("B"), C: t.exposeInt("C") }),
});

const CriteriaFieldEnum = builder.enumType("CriteriaField", { values: Pipeline.CRITERIA_FIELDS });

const StageSettingsRef = builder.objectRef<Pipeline.StageSettings>("StageSettings").implement({
  description: "A stage's probability, stall limit and what a deal needs before entering it.",
  fields: (t) => ({
    stage: t.field({ type: StageEnum, resolve: (s) => s.stage }),
    label: t.string({ resolve: (s, _, ctx) => localize(Pipeline.STAGE_LABELS[s.stage], ctx.locale) }),
    probability: t.exposeInt("probability", { description: "Percent." }),
    stalledAfterDays: t.exposeInt("stalledAfterDays", { description: "0: never stalled." }),
    requiredFields: t.field({ type: [CriteriaFieldEnum], resolve: (s) => s.requiredFields }),
    requiredEvidence: t.field({ type: [EvidenceKindEnum], resolve: (s) => s.requiredEvidence }),
  }),
});

const PipelineSettingsRef = builder.objectRef<Pipeline.PipelineSettings>("PipelineSettings").implement({
  fields: (t) => ({
    allowSkipping: t.exposeBoolean("allowSkipping"),
    stages: t.field({ type: [StageSettingsRef], resolve: (p) => p.stages }),
  }),
});

const StageSettingsInput = builder.inputType("StageSettingsInput", {
  fields: (t) => ({
    stage: t.field({ type: StageEnum, required: true }),
    probability: t.int(),
    stalledAfterDays: t.int(),
    requiredFields: t.field({ type: [CriteriaFieldEnum] }),
    requiredEvidence: t.field({ type: [EvidenceKindEnum] }),
  }),
});

const PipelineSettingsInput = builder.inputType("PipelineSettingsInput", {
  fields: (t) => ({
    allowSkipping: t.boolean(),
    stages: t.field({ type: [StageSettingsInput], description: "Only the stages listed change." }),
  }),
});

const LetterheadLogoRef = builder.objectRef<LetterheadLogo>("LetterheadLogo").implement({
  description: "The image printed at the top of every quote.",
  fields: (t) => ({
    contentType: t.exposeString("contentType"),
    width: t.exposeInt("width", { description: "Pixels." }),
    height: t.exposeInt("height", { description: "Pixels." }),
    size: t.exposeInt("size", { description: "Bytes." }),
    sha256: t.exposeString("sha256"),
  }),
});

const LetterheadRef = builder.objectRef<Letterhead>("Letterhead").implement({
  fields: (t) => ({
    logo: t.field({ type: LetterheadLogoRef, nullable: true, resolve: (l) => l.logo ?? null }),
    address: t.exposeString("address", { nullable: true }),
    phone: t.exposeString("phone", { nullable: true }),
    taxId: t.exposeString("taxId", { nullable: true }),
  }),
});

export const OrganizationRef = builder.objectRef<Organization>("Organization").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    timeZone: t.exposeString("timeZone", { description: "IANA zone for days, due dates and business hours." }),
    releaseDays: t.field({ type: ReleaseDaysRef, resolve: (o) => o.releaseDays }),
    maxCustomersPerOwner: t.exposeInt("maxCustomersPerOwner"),
    reclaimCooldownDays: t.exposeInt("reclaimCooldownDays", {
      description: "Days a person who gave a customer up to the pool (released, or auto-released) waits before claiming it back; 0 off.",
    }),
    currency: t.field({ type: CurrencyEnum, description: "Deals, forecasts and targets are in this currency.", resolve: (o) => o.currency }),
    pipeline: t.field({ type: PipelineSettingsRef, resolve: (o) => o.pipeline }),
    letterhead: t.field({ type: LetterheadRef, description: "What heads the quotes sent to customers, under the organization's name.", resolve: (o) => o.letterhead ?? { address: null, phone: null, taxId: null } }),
    quoteFollowUpHours: t.int({
      description: "Hours a sent quote may go unanswered, with nothing logged by its rep, before the owner (and their sales assistant) is reminded; 0 never.",
      resolve: (o) => quoteFollowUpHoursOf(o),
    }),
    quoteTracking: t.field({ type: QuoteTrackingSettingsRef, resolve: (o) => trackingOf(o.quoteTracking) }),
    digestTime: t.string({
      description: "HH:mm in the organization's time zone: when each active person's daily digest goes out, on working days only (08:30 unless set).",
      resolve: (o) => digestTimeOf(o),
    }),
    version: t.exposeInt("version"),
  }),
});

addSlaSettingsFields(OrganizationRef);

const LetterheadInput = builder.inputType("LetterheadInput", {
  description: "A field left out keeps its value; null or blank clears it.",
  fields: (t) => ({
    address: t.string(),
    phone: t.string(),
    taxId: t.string({ description: "纳税人识别号 / 统一社会信用代码." }),
    logo: t.string({ description: "A PNG or JPEG image in base64 (a data: URL prefix is allowed), at most 200 KB, 16–4000 pixels a side and at most 4 megapixels. Decoded on upload: a damaged, cut-short or header-only image is refused (INVALID_IMAGE). Null or blank removes it." }),
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
    reclaimCooldownDays: t.int({ description: "0–365; 0 turns the cool-down off." }),
    pipeline: t.field({ type: PipelineSettingsInput }),
    letterhead: t.field({ type: LetterheadInput }),
    quoteTracking: t.field({ type: QuoteTrackingSettingsInput }),
    quoteFollowUpHours: t.int({ description: "0–2160; 0 turns the reminder off." }),
    collectionEscalationDays: t.int({ description: "1–365 days past an instalment's due date before the overdue escalation to the finance supervisor and the owner's manager." }),
    digestTime: t.string({ description: "HH:mm (00:00–23:59), local time of the daily digest; the next digest moves to it." }),
    businessHours: t.field({ type: BusinessHoursInput }),
    followUpSlaHours: t.field({ type: [StageFollowUpSlaInput], description: "Only the stages listed change." }),
  }),
});

builder.queryField("organization", (t) =>
  t.field({ type: OrganizationRef, resolve: (_, __, ctx) => ctx.actor.org() }),
);

builder.mutationField("updateOrganization", (t) =>
  t.field({
    type: OrganizationRef,
    description: "ADMIN: pool release days, reclaim cool-down, holding limit, time zone, stage rules.",
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
