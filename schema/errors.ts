import { GraphQLError } from "graphql";
import { DomainError, type FieldIssue, ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../functions/core/errors";
import { localize } from "../functions/core/text";
import { builder, type Context } from "./builder";

/** Every typed failure shares this interface, so a client can always show `... on Error { message }`. */
export const ErrorInterface = builder.interfaceRef<DomainError>("Error").implement({
  description: "An expected failure; `message` is in the reader's language.",
  fields: (t) => ({
    message: t.string({ resolve: (e, _, ctx) => localize(e.text, ctx.locale) }),
  }),
});

const FieldError = builder.objectRef<FieldIssue>("FieldError").implement({
  description: "One problem with one input field, to show next to it.",
  fields: (t) => ({
    path: t.exposeStringList("path", { description: 'Input path, e.g. ["contacts", "0", "email"].' }),
    code: t.exposeString("code", { description: "Stable machine code, e.g. REQUIRED, INVALID_CREDIT_CODE." }),
    message: t.string({ resolve: (i, _, ctx) => localize(i.text, ctx.locale) }),
  }),
});

const interfaces = [ErrorInterface];

builder.objectType(ValidationError, {
  name: "ValidationError",
  description: "The input was refused; nothing was written.",
  interfaces,
  fields: (t) => ({ fields: t.field({ type: [FieldError], resolve: (e) => e.issues }) }),
});
builder.objectType(NotFoundError, {
  name: "NotFoundError",
  description: "No such record, or not one the caller may see.",
  interfaces,
});
builder.objectType(ForbiddenError, { name: "ForbiddenError", description: "The caller's roles do not allow this.", interfaces });
builder.objectType(VersionConflictError, {
  name: "VersionConflictError",
  description: "Someone saved first; reload and apply the change again.",
  interfaces,
  fields: (t) => ({ currentVersion: t.exposeInt("currentVersion") }),
});

/** The failures any mutation may return. */
export const COMMON_ERRORS = [ValidationError, ForbiddenError, NotFoundError];

/**
 * Queries return data, not result unions; an expected failure in one (a bad period, a role that may
 * not see forecasts) becomes a GraphQL error a client can read (`extensions.code` names it) instead
 * of the masked "Unexpected error".
 */
export async function queryErrors<T>(ctx: Context, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw asGraphqlError(error, ctx);
  }
}

/** An expected failure as a GraphQL error in the reader's language: `extensions.code` names it, a ValidationError lists its `fields`. */
export function asGraphqlError(error: DomainError, ctx: Pick<Context, "locale">): GraphQLError {
  const fields = error instanceof ValidationError ? error.issues.map((i) => ({ path: i.path, code: i.code, message: localize(i.text, ctx.locale) })) : undefined;
  return new GraphQLError(localize(error.text, ctx.locale), { extensions: { code: error.name, ...(fields ? { fields } : {}) } });
}
