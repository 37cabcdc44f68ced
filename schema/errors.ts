import { DomainError, type FieldIssue, ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../functions/core/errors";
import { localize } from "../functions/core/text";
import { builder } from "./builder";

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
