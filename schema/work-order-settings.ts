import * as WorkOrders from "../functions/core/work-order";
import { VersionConflictError } from "../functions/core/errors";
import { localize } from "../functions/core/text";
import { builder } from "./builder";
import { COMMON_ERRORS } from "./errors";
import { RoleEnum } from "./user";

export const FieldKindEnum = builder.enumType("WorkOrderFieldKind", { values: WorkOrders.FIELD_KINDS });

const FieldDefRef = builder.objectRef<WorkOrders.WorkOrderFieldDef>("WorkOrderFieldDefinition").implement({
  fields: (t) => ({
    key: t.exposeString("key"),
    label: t.string({ description: "In the reader's language.", resolve: (f, _, ctx) => localize(f.label, ctx.locale) }),
    labelZh: t.string({ resolve: (f) => f.label.zh }),
    labelEn: t.string({ resolve: (f) => f.label.en }),
    kind: t.field({ type: FieldKindEnum, resolve: (f) => f.kind }),
    required: t.exposeBoolean("required"),
    choices: t.stringList({ description: "CHOICE: the values, in the reader's language (English where the type gives them).", resolve: (f, _, ctx) => (ctx.locale === "en" && f.choicesEn ? f.choicesEn : (f.choices ?? [])) }),
    choicesZh: t.stringList({ description: "CHOICE: the values as stored.", resolve: (f) => f.choices ?? [] }),
    choicesEn: t.stringList({ description: "CHOICE: the same values in English, if given.", resolve: (f) => f.choicesEn ?? [] }),
    min: t.float({ nullable: true, description: "NUMBER: the least value allowed (inclusive).", resolve: (f) => f.min ?? null }),
    max: t.float({ nullable: true, description: "NUMBER: the greatest value allowed (inclusive).", resolve: (f) => f.max ?? null }),
    notPast: t.boolean({ description: "DATE: a day before today is refused (e.g. a required-by date).", resolve: (f) => !!f.notPast }),
    integer: t.boolean({ description: "NUMBER: whole numbers only.", resolve: (f) => !!f.integer }),
  }),
});

const TypeRef = builder.objectRef<WorkOrders.WorkOrderType>("WorkOrderType").implement({
  description: "A kind of request to another department, with its form and its SLAs in business hours.",
  fields: (t) => ({
    key: t.exposeString("key"),
    name: t.string({ description: "In the reader's language.", resolve: (w, _, ctx) => localize(w.name, ctx.locale) }),
    nameZh: t.string({ resolve: (w) => w.name.zh }),
    nameEn: t.string({ resolve: (w) => w.name.en }),
    handlingRole: t.field({ type: RoleEnum, description: "The department that handles it, named by its role.", resolve: (w) => w.handlingRole }),
    responseHours: t.exposeInt("responseHours"),
    urgentResponseHours: t.exposeInt("urgentResponseHours"),
    resolutionHours: t.exposeInt("resolutionHours"),
    urgentResolutionHours: t.exposeInt("urgentResolutionHours"),
    fields: t.field({ type: [FieldDefRef], resolve: (w) => w.fields }),
  }),
});

const SettingsRef = builder.objectRef<WorkOrders.WorkOrderSettings>("WorkOrderSettings").implement({
  fields: (t) => ({
    types: t.field({ type: [TypeRef], resolve: (s) => s.types }),
    feasibilityReviewOnQuoteSubmit: t.exposeBoolean("feasibilityReviewOnQuoteSubmit", {
      description: "Whether submitting a quote revision opens a technical feasibility review for TECH, due in 24 business hours.",
    }),
    version: t.exposeInt("version", { description: "Send it back as expectedVersion (0 while the defaults apply)." }),
  }),
});

builder.queryFields((t) => ({
  workOrderSettings: t.field({ type: SettingsRef, description: "The organization's work-order types (for everyone making requests) and settings.", resolve: (_, __, ctx) => WorkOrders.workOrderSettingsOf(ctx.actor.deps, ctx.actor.viewer.orgId) }),
}));

const FieldDefInput = builder.inputType("WorkOrderFieldDefinitionInput", {
  fields: (t) => ({
    key: t.string({ required: true }),
    labelZh: t.string({ required: true }),
    labelEn: t.string({ required: true }),
    kind: t.field({ type: FieldKindEnum, required: true }),
    required: t.boolean({ required: true }),
    choices: t.stringList({ description: "CHOICE: the values (stored; Chinese)." }),
    choicesEn: t.stringList({ description: "CHOICE: one English value for each of choices; a form may give either." }),
    min: t.float({ description: "NUMBER only: the least value allowed (inclusive)." }),
    max: t.float({ description: "NUMBER only: the greatest value allowed (inclusive)." }),
    notPast: t.boolean({ description: "DATE only: refuse a day before today." }),
    integer: t.boolean({ description: "NUMBER only: whole numbers only." }),
  }),
});

const TypeInput = builder.inputType("WorkOrderTypeInput", {
  fields: (t) => ({
    key: t.string({ required: true }),
    nameZh: t.string({ required: true }),
    nameEn: t.string({ required: true }),
    handlingRole: t.field({ type: RoleEnum, required: true, description: "TECH, FINANCE, LEGAL, MANAGER or GM." }),
    responseHours: t.int({ required: true }),
    urgentResponseHours: t.int({ required: true }),
    resolutionHours: t.int({ required: true }),
    urgentResolutionHours: t.int({ required: true }),
    fields: t.field({ type: [FieldDefInput], required: true }),
  }),
});

const SettingsInput = builder.inputType("SetWorkOrderSettingsInput", {
  fields: (t) => ({
    expectedVersion: t.int({ required: true }),
    types: t.field({ type: [TypeInput], description: "Replaces every type; TECH_FEASIBILITY_REVIEW and DELIVERY_HANDOVER must stay." }),
    feasibilityReviewOnQuoteSubmit: t.boolean(),
  }),
});

builder.mutationFields((t) => ({
  setWorkOrderSettings: t.field({
    type: SettingsRef,
    description: "ADMIN: the organization's work-order types and whether quote submission opens a feasibility review.",
    args: { input: t.arg({ type: SettingsInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, VersionConflictError] },
    resolve: (_, { input: { expectedVersion, ...patch } }, ctx) => WorkOrders.setWorkOrderSettings(ctx.actor, expectedVersion, patch),
  }),
}));
