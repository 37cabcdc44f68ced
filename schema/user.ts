import { loadUser } from "../functions/core/actor";
import type { Locale } from "../functions/core/text";
import * as Users from "../functions/core/user";
import { arrayConnection } from "./connection";
import { builder, nullWhenHidden } from "./builder";
import { COMMON_ERRORS, ErrorInterface, queryErrors } from "./errors";
import { localId, optionalInputId } from "./ids";
import { IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_DESCRIPTION, idempotently } from "./idempotency";
import { VersionConflictError } from "../functions/core/errors";

export const RoleEnum = builder.enumType("Role", { values: Users.ROLES });
export const LocaleEnum = builder.enumType("Locale", {
  values: { ZH_CN: { value: "zh-CN" as Locale }, EN: { value: "en" as Locale } },
});

builder.objectType(Users.UserHasOpenDealsError, {
  name: "UserHasOpenDealsError",
  description: "The user still owns open deals; hand them over (reassignCustomers takes them along with their customers, or updateOpportunity ownerId) first.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ dealCount: t.exposeInt("dealCount") }),
});

builder.objectType(Users.UserHasCustomersError, {
  name: "UserHasCustomersError",
  description: "The user still holds customers; hand them over with reassignCustomers first.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ customerCount: t.exposeInt("customerCount") }),
});

builder.objectType(Users.UserHasOpenWorkOrdersError, {
  name: "UserHasOpenWorkOrdersError",
  description: "The user still holds open work orders; the department reassigns them (assignWorkOrder) first.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ workOrderCount: t.exposeInt("workOrderCount") }),
});

builder.objectType(Users.LoginNotOpenedError, {
  name: "LoginNotOpenedError",
  description: "The user is saved, but their sign-in account could not be opened: they cannot sign in yet. Retry with resendInvitation.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ userId: t.globalID({ resolve: (e) => ({ type: "User", id: e.userId }) }) }),
});

export const UserRef = builder.objectRef<Users.User>("User");

builder.node(UserRef, {
  description: "A person in the organization.",
  id: { resolve: (u) => u.id },
  isTypeOf: (u) => typeof u === "object" && u !== null && "roles" in u && "email" in u,
  loadOne: (id, ctx) => Users.directoryUser(ctx.actor, id),
  fields: (t) => ({
    name: t.exposeString("name"),
    email: t.exposeString("email"),
    phone: t.exposeString("phone", {
      nullable: true,
      description: "Seen by the person, their managers (any level up), ADMIN and GM; null to everyone else.",
      authScopes: (u) => ({ orgWide: true, self: u.id, manages: u.id }),
      ...nullWhenHidden,
    }),
    roles: t.field({ type: [RoleEnum], resolve: (u) => u.roles }),
    manager: t.field({
      type: UserRef,
      nullable: true,
      description: "Approvals and escalations go to this person.",
      resolve: (u, _, ctx) => (u.managerId ? loadUser(ctx.actor, u.managerId) : null),
    }),
    salesAssistant: t.field({
      type: UserRef,
      nullable: true,
      description: "Copied on this person's reminders (a sent quote without an answer).",
      resolve: (u, _, ctx) => (u.salesAssistantId ? loadUser(ctx.actor, u.salesAssistantId) : null),
    }),
    region: t.exposeString("region", { nullable: true }),
    department: t.exposeString("department", { nullable: true }),
    locale: t.field({ type: LocaleEnum, resolve: (u) => u.locale }),
    active: t.exposeBoolean("active"),
    customerCount: t.exposeInt("ownedCount", { description: "Customers this user holds now." }),
    createdAt: t.field({ type: "DateTime", resolve: (u) => u.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (u) => u.updatedAt }),
    version: t.exposeInt("version", { description: "Send it back as expectedVersion when updating." }),
  }),
});

const UserFilter = builder.inputType("UserFilter", {
  fields: (t) => ({
    role: t.field({ type: RoleEnum }),
    active: t.boolean(),
    search: t.string({ description: "Part of the name or email." }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({ type: UserRef, resolve: (_, __, ctx) => ctx.actor.viewer }),
  users: t.connection({
    type: UserRef,
    description:
      "The organization's directory, by name. Former staff (active: false) are listed for their managers, ADMIN and GM only; phones as on User.phone.",
    args: { filter: t.arg({ type: UserFilter }) },
    resolve: async (_, args, ctx) =>
      queryErrors(ctx, async () => arrayConnection(args, await Users.listUsers(ctx.actor, args.filter ?? {}), ctx)),
  }, { name: "UserConnection" }, { name: "UserEdge" }),
}));

const CreateUserInput = builder.inputType("CreateUserInput", {
  fields: (t) => ({
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    name: t.string({ required: true }),
    email: t.string({ required: true }),
    phone: t.string(),
    roles: t.field({ type: [RoleEnum], required: true }),
    managerId: t.id(),
    region: t.string(),
    department: t.string(),
    locale: t.field({ type: LocaleEnum }),
  }),
});

const UpdateUserInput = builder.inputType("UpdateUserInput", {
  description: "Absent fields are kept; null clears an optional one. ADMIN may change anything, a user their own name, phone and locale.",
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    name: t.string(),
    email: t.string(),
    phone: t.string(),
    roles: t.field({ type: [RoleEnum] }),
    managerId: t.id(),
    salesAssistantId: t.id({ description: "ADMIN: an active colleague copied on this person's reminders; null clears." }),
    region: t.string(),
    department: t.string(),
    locale: t.field({ type: LocaleEnum }),
    active: t.boolean({ description: "false deactivates; refused while the user still holds customers." }),
  }),
});

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserRef,
    description: "ADMIN adds a person to the organization.",
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Users.LoginNotOpenedError, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently(ctx, "createUser", input, { idOf: (u: { id: string }) => u.id, load: (id) => loadUser(ctx.actor, id) }, (input) =>
        Users.createUser(ctx.actor, { ...input, managerId: optionalInputId(input.managerId, "User", "managerId") }),
      ),
  }),
  updateUser: t.field({
    type: UserRef,
    args: { input: t.arg({ type: UpdateUserInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, VersionConflictError, Users.UserHasCustomersError, Users.UserHasOpenDealsError, Users.UserHasOpenWorkOrdersError, Users.LoginNotOpenedError] },
    resolve: (_, { input }, ctx) => {
      const { id, expectedVersion, ...patch } = input;
      return Users.updateUser(ctx.actor, localId(id, "User") ?? "", expectedVersion, {
        ...patch,
        managerId: optionalInputId(patch.managerId, "User", "managerId"),
        salesAssistantId: optionalInputId(patch.salesAssistantId, "User", "salesAssistantId"),
      });
    },
  }),
  resendInvitation: t.field({
    type: UserRef,
    description:
      "ADMIN: makes sure an active user can sign in: opens their login if missing (after LoginNotOpenedError), re-enables it, and mails the invitation again if it was never used (its temporary password lasts 7 days). Without Cognito (locally, external OIDC) there is nothing to do.",
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [...COMMON_ERRORS, Users.LoginNotOpenedError] },
    resolve: (_, { id }, ctx) => Users.resendInvitation(ctx.actor, localId(id, "User") ?? ""),
  }),
}));
