import { CustomerInPoolError } from "../functions/core/customer/errors";
import { VersionConflictError } from "../functions/core/errors";
import * as Pipeline from "../functions/core/pipeline";
import { DealNotQuotedError, DealWonError, UseSignContractError } from "../functions/core/pipeline/errors";
import { builder, type SchemaTypes } from "./builder";
import { COMMON_ERRORS, ErrorInterface } from "./errors";
import { inputId, optionalInputId } from "./ids";
import { IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_DESCRIPTION, idempotently } from "./idempotency";
import { MoneyInput } from "./money";
import { EvidenceKindEnum, EvidenceRef, ForecastCategoryEnum, OpportunityRef, StageEnum } from "./opportunity";
import { PlanNotPaidError } from "../functions/core/collections/errors";

const CriterionKindEnum = builder.enumType("CriterionKind", {
  description: "FIELD: a field to fill; EVIDENCE: a file to upload; APPROVED_QUOTE: a quote of the deal must be approved (a QUOTATION upload does not count).",
  values: ["FIELD", "EVIDENCE", "APPROVED_QUOTE"] as const,
});

const UnmetCriterionRef = builder.objectRef<Pipeline.UnmetCriterion>("UnmetCriterion").implement({
  description: "One entry criterion a move did not meet: a field to fill or a file to upload.",
  fields: (t) => ({
    stage: t.field({ type: StageEnum, description: "The stage whose entry requires it.", resolve: (u) => u.stage }),
    kind: t.field({ type: CriterionKindEnum, resolve: (u) => u.kind }),
    field: t.string({ nullable: true, resolve: (u) => (u.kind === "FIELD" ? u.field : null) }),
    evidenceKind: t.field({ type: EvidenceKindEnum, nullable: true, resolve: (u) => (u.kind === "FIELD" ? null : u.evidenceKind) }),
    message: t.string({ resolve: (u, _, ctx) => Pipeline.criterionText(u, ctx.locale) }),
  }),
});

builder.objectType(Pipeline.StageCriteriaNotMetError, {
  name: "StageCriteriaNotMetError",
  description: "The move was refused; `unmet` lists every criterion still missing.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ unmet: t.field({ type: [UnmetCriterionRef], resolve: (e) => e.unmet }) }),
});

builder.objectType(UseSignContractError, {
  name: "UseSignContractError",
  description: "A deal enters CONTRACT_SIGNED only through signContract on an approved contract.",
  interfaces: [ErrorInterface],
});

builder.objectType(DealWonError, {
  name: "DealWonError",
  description: "The deal was won with a signed contract: it moves only between CONTRACT_SIGNED and DELIVERED_PAID.",
  interfaces: [ErrorInterface],
});

builder.objectType(DealNotQuotedError, {
  name: "DealNotQuotedError",
  description: "Signing wins a deal at QUOTED only: the stages before 合同签订 must have been passed.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ stage: t.string({ description: "The stage the deal is at.", resolve: (e) => e.stage }) }),
});

builder.objectType(Pipeline.StageSkipNotAllowedError, {
  name: "StageSkipNotAllowedError",
  description: "The organization requires moving one stage at a time.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    from: t.field({ type: StageEnum, resolve: (e) => e.from }),
    to: t.field({ type: StageEnum, resolve: (e) => e.to }),
  }),
});

/** The deal's own fields, the same on create and update. */
const dealFields = (t: PothosSchemaTypes.InputFieldBuilder<SchemaTypes, "InputObject">) => ({
  title: t.string(),
  productLines: t.stringList(),
  amount: t.field({ type: MoneyInput }),
  expectedCloseOn: t.field({ type: "Date" }),
  source: t.string(),
  forecastCategory: t.field({ type: ForecastCategoryEnum }),
  competitors: t.stringList(),
  budget: t.field({ type: MoneyInput }),
  decisionMaker: t.string(),
  useCase: t.string(),
});

const CreateOpportunityInput = builder.inputType("CreateOpportunityInput", {
  description: "A customer and a title start a lead; the rest is needed as the deal advances.",
  fields: (t) => ({
    ...dealFields(t),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    customerId: t.id({ required: true }),
    title: t.string({ required: true }),
    ownerId: t.id({ description: "Defaults to the creator." }),
  }),
});

const UpdateOpportunityInput = builder.inputType("UpdateOpportunityInput", {
  description: "Absent fields are kept; null clears. Stages change through moveOpportunity and markOpportunityLost.",
  fields: (t) => ({ ...dealFields(t), id: t.id({ required: true }), expectedVersion: t.int({ required: true }), ownerId: t.id() }),
});

const MoveOpportunityInput = builder.inputType("MoveOpportunityInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    toStage: t.field({ type: StageEnum, required: true }),
    evidenceIds: t.idList({ description: "Uploaded files presented for this move, recorded on the stage visit." }),
    reason: t.string({ description: "Required to move back or reopen a lost deal." }),
  }),
});

const AttachEvidenceInput = builder.inputType("AttachEvidenceInput", {
  fields: (t) => ({
    opportunityId: t.id({ required: true }),
    kind: t.field({ type: EvidenceKindEnum, required: true }),
    fileName: t.string({ required: true }),
    contentType: t.string({ required: true, description: "PDF, JPEG, PNG, Word or Excel." }),
    size: t.int({ required: true, description: "Bytes, at most 20 MB." }),
    sha256: t.string({ required: true, description: "Hex SHA-256 of the file; the upload must match it." }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

export const HeaderRef = builder.objectRef<{ name: string; value: string }>("HttpHeader").implement({
  fields: (t) => ({ name: t.exposeString("name"), value: t.exposeString("value") }),
});

const UploadRef = builder.objectRef<{ evidence: Pipeline.Evidence; upload: { url: string; method: string; headers: Record<string, string>; expiresAt: string } }>(
  "EvidenceUpload",
).implement({
  description: "PUT the file's bytes to `url` with exactly these headers before `expiresAt`.",
  fields: (t) => ({
    evidence: t.field({ type: EvidenceRef, resolve: (r) => r.evidence }),
    url: t.string({ resolve: (r) => r.upload.url }),
    method: t.string({ resolve: (r) => r.upload.method }),
    headers: t.field({ type: [HeaderRef], resolve: (r) => Object.entries(r.upload.headers).map(([name, value]) => ({ name, value })) }),
    expiresAt: t.field({ type: "DateTime", resolve: (r) => r.upload.expiresAt }),
  }),
});

builder.mutationFields((t) => ({
  createOpportunity: t.field({
    type: OpportunityRef,
    args: { input: t.arg({ type: CreateOpportunityInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, CustomerInPoolError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently(ctx, "createOpportunity", input, { idOf: (o: Pipeline.Opportunity) => o.id, load: (id) => Pipeline.visibleOpportunity(ctx.actor, id) }, (input) =>
        Pipeline.createOpportunity(ctx.actor, {
          ...input,
          customerId: inputId(String(input.customerId), "Customer", "customerId"),
          ownerId: optionalInputId(input.ownerId == null ? input.ownerId : String(input.ownerId), "User", "ownerId"),
        }),
      ),
  }),
  updateOpportunity: t.field({
    type: OpportunityRef,
    args: { input: t.arg({ type: UpdateOpportunityInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, VersionConflictError] },
    resolve: (_, { input: { id, expectedVersion, ownerId, ...patch } }, ctx) =>
      Pipeline.updateOpportunity(ctx.actor, inputId(String(id), "Opportunity", "id"), expectedVersion, {
        ...patch,
        ownerId: optionalInputId(ownerId == null ? ownerId : String(ownerId), "User", "ownerId"),
      }),
  }),
  moveOpportunity: t.field({
    type: OpportunityRef,
    description: "Moves a deal; forward moves must meet every entry criterion of the stages they pass into.",
    args: { input: t.arg({ type: MoveOpportunityInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Pipeline.StageCriteriaNotMetError, Pipeline.StageSkipNotAllowedError, UseSignContractError, DealWonError, PlanNotPaidError] },
    resolve: (_, { input }, ctx) =>
      Pipeline.moveOpportunity(ctx.actor, inputId(String(input.id), "Opportunity", "id"), input.toStage, {
        evidenceIds: input.evidenceIds?.map(String),
        reason: input.reason,
      }),
  }),
  markOpportunityLost: t.field({
    type: OpportunityRef,
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    errors: { types: [...COMMON_ERRORS, DealWonError] },
    resolve: (_, { id, reason }, ctx) => Pipeline.markOpportunityLost(ctx.actor, inputId(String(id), "Opportunity", "id"), reason),
  }),
  attachEvidence: t.field({
    type: UploadRef,
    description: "Registers a file for a deal and returns where to upload it.",
    args: { input: t.arg({ type: AttachEvidenceInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently(ctx, "attachEvidence", input, { idOf: (r: { evidence: Pipeline.Evidence }) => `${r.evidence.opportunityId}/${r.evidence.id}`, load: (ref) => Pipeline.evidenceUploadByRef(ctx.actor, ref) }, (input) =>
        Pipeline.attachEvidence(ctx.actor, { ...input, opportunityId: inputId(String(input.opportunityId), "Opportunity", "opportunityId") }),
      ),
  }),
}));
