import * as Customers from "../functions/core/customer";
import { VersionConflictError } from "../functions/core/errors";
import { ActivityRef, FollowUpKindEnum } from "./activity";
import { builder, type Context, type SchemaTypes } from "./builder";
import { ContactRoleEnum, CustomerRef, TierEnum } from "./customer";
import { COMMON_ERRORS, ErrorInterface } from "./errors";
import { IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_DESCRIPTION, idempotently } from "./idempotency";
import { inputId, optionalInputId } from "./ids";
import { LocaleEnum } from "./user";

builder.objectType(Customers.DuplicateCustomerError, {
  name: "DuplicateCustomerError",
  description: "A customer with the same credit code or normalized name exists; it names that customer and its owner.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString("field", { description: "creditCode or name." }),
    existingCustomerId: t.globalID({ resolve: (e) => ({ type: "Customer", id: e.existingCustomerId }) }),
    existingCustomerName: t.exposeString("existingCustomerName"),
    ownerName: t.exposeString("ownerName", { nullable: true, description: "null: the existing customer is in the pool." }),
  }),
});

builder.objectType(Customers.OwnershipLimitError, {
  name: "OwnershipLimitError",
  description: "The owner (or, for reassignCustomers, the receiver) would hold more customers than the organization allows.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    limit: t.exposeInt("limit"),
    heldCount: t.exposeInt("heldCount", { nullable: true, description: "For reassignCustomers: how many the receiver holds already." }),
  }),
});

builder.objectType(Customers.CustomerInPoolError, {
  name: "CustomerInPoolError",
  description: "The customer is in the pool; claim it first.",
  interfaces: [ErrorInterface],
});

const ContactInput = builder.inputType("ContactInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    title: t.string(),
    phone: t.string(),
    email: t.string(),
    role: t.field({ type: ContactRoleEnum }),
    locale: t.field({ type: LocaleEnum, description: "Default ZH_CN; EN sends this contact quotes and emails in English." }),
  }),
});

/** The customer's optional fields, the same on create and update. */
const optionalFields = (t: PothosSchemaTypes.InputFieldBuilder<SchemaTypes, "InputObject">) => ({
  creditCode: t.string(),
  address: t.string(),
  phone: t.string(),
  website: t.string(),
  remark: t.string(),
  contacts: t.field({ type: [ContactInput] }),
  tags: t.stringList(),
});

const CreateCustomerInput = builder.inputType("CreateCustomerInput", {
  description: "Five fields are required; the rest can be filled in later.",
  fields: (t) => ({
    name: t.string({ required: true }),
    tier: t.field({ type: TierEnum, required: true }),
    industry: t.string({ required: true }),
    region: t.string({ required: true }),
    source: t.string({ required: true }),
    ...optionalFields(t),
    ownerId: t.id({ description: "Defaults to the creator. Managers may pick their team, ADMIN/GM anyone." }),
    inPool: t.boolean({ description: "Register straight into the shared pool." }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const UpdateCustomerInput = builder.inputType("UpdateCustomerInput", {
  description: "Absent fields are kept; null clears an optional one. Ownership changes through claim, release and reassign.",
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    name: t.string(),
    tier: t.field({ type: TierEnum }),
    industry: t.string(),
    region: t.string(),
    source: t.string(),
    ...optionalFields(t),
  }),
});

const LogFollowUpInput = builder.inputType("LogFollowUpInput", {
  fields: (t) => ({
    customerId: t.id({ required: true }),
    kind: t.field({ type: FollowUpKindEnum, required: true }),
    note: t.string({ required: true }),
    occurredAt: t.field({ type: "DateTime", description: "Defaults to now; up to 30 days back." }),
    nextActionOn: t.field({ type: "Date" }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const AddPrivateNoteInput = builder.inputType("AddPrivateNoteInput", {
  fields: (t) => ({ customerId: t.id({ required: true }), text: t.string({ required: true }), idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }), }),
});

const DUPLICATE_ERRORS = [...COMMON_ERRORS, Customers.DuplicateCustomerError];
/** A replayed create or follow-up returns the customer as it is now. */
const customerResult = (ctx: Context) => ({ idOf: (c: Customers.Customer) => c.id, load: (id: string) => Customers.visibleCustomer(ctx.actor, id) });

builder.mutationFields((t) => ({
  createCustomer: t.field({
    type: CustomerRef,
    args: { input: t.arg({ type: CreateCustomerInput, required: true }) },
    errors: { types: [...DUPLICATE_ERRORS, Customers.OwnershipLimitError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently(ctx, "createCustomer", input, customerResult(ctx), (input) =>
        Customers.createCustomer(ctx.actor, { ...input, ownerId: optionalInputId(input.ownerId, "User", "ownerId") }),
      ),
  }),
  updateCustomer: t.field({
    type: CustomerRef,
    args: { input: t.arg({ type: UpdateCustomerInput, required: true }) },
    errors: { types: [...DUPLICATE_ERRORS, VersionConflictError] },
    resolve: (_, { input: { id, expectedVersion, ...patch } }, ctx) =>
      Customers.updateCustomer(ctx.actor, inputId(id, "Customer", "id"), expectedVersion, patch),
  }),
  logFollowUp: t.field({
    type: CustomerRef,
    description: "Records a visit, call, message or meeting and restarts the pool countdown.",
    args: { input: t.arg({ type: LogFollowUpInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Customers.CustomerInPoolError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently(ctx, "logFollowUp", input, customerResult(ctx), ({ customerId, ...rest }) =>
        Customers.logFollowUp(ctx.actor, inputId(customerId, "Customer", "customerId"), rest),
      ),
  }),
  addPrivateNote: t.field({
    type: ActivityRef,
    description: "A note only its author ever sees.",
    args: { input: t.arg({ type: AddPrivateNoteInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently(ctx, "addPrivateNote", input, { idOf: Customers.privateNoteRef, load: (ref) => Customers.privateNoteByRef(ctx.actor, ref) }, (input) =>
        Customers.addPrivateNote(ctx.actor, inputId(input.customerId, "Customer", "customerId"), input.text),
      ),
  }),
}));
