import { loadUser } from "../functions/core/actor";
import * as Imports from "../functions/core/import";
import { localize } from "../functions/core/text";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { COMMON_ERRORS, ErrorInterface, queryErrors } from "./errors";
import { inputId, localId } from "./ids";
import { IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_DESCRIPTION, idempotently } from "./idempotency";
import { HeaderRef } from "./opportunity-mutations";
import { UserRef } from "./user";

const ImportKindEnum = builder.enumType("ImportKind", { values: Imports.IMPORT_KINDS, description: "What a file brings in: CUSTOMERS, CONTACTS (added to existing customers), OPPORTUNITIES (deals on existing customers, open stages only), PRODUCTS (ADMIN only)." });
const ImportStatusEnum = builder.enumType("ImportStatus", {
  values: Imports.IMPORT_STATUSES,
  description: "UPLOADING (waiting for the file) → VALIDATING (dry run) → VALIDATED → COMMITTING → COMMITTED; FAILED: the file could not be read (see failure).",
});
const OnDuplicateEnum = builder.enumType("OnDuplicate", {
  values: Imports.ON_DUPLICATE,
  description: "What a row matching an existing customer does: SKIP it, or UPDATE_EMPTY_FIELDS (fill only what the customer lacks). CUSTOMERS only: duplicate contacts, deals and products are always skipped.",
});

builder.objectType(Imports.ImportStatusError, {
  name: "ImportStatusError",
  description: "The import is not at a step where this can be done (commit before the dry run finished, or after it was imported).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ status: t.field({ type: ImportStatusEnum, resolve: (e) => e.status }) }),
});

export const ImportRef = builder.objectRef<Imports.ImportJob>("Import");
ImportRef.implement({
  description: "A spreadsheet import (导入): its file, the dry run's counts and error report, then the commit's.",
  fields: (t) => ({
    id: t.globalID({ resolve: (j) => ({ type: "Import", id: j.id }) }),
    kind: t.field({ type: ImportKindEnum, resolve: (j) => j.kind }),
    fileName: t.exposeString("fileName"),
    status: t.field({ type: ImportStatusEnum, resolve: (j) => j.status }),
    failure: t.string({ nullable: true, description: "Why it FAILED, in the reader's language.", resolve: (j, _, ctx) => (j.failure ? localize(j.failure, ctx.locale) : null) }),
    processed: t.exposeInt("processed", { description: "Rows done in the current step (dry run or commit)." }),
    total: t.exposeInt("total", { description: "Rows of the current step: the file's rows in the dry run, the new and duplicate ones in the commit." }),
    newRows: t.int({ description: "Dry run: rows that would create a record (customer, contact, deal or product).", resolve: (j) => j.counts.newRows }),
    duplicateRows: t.int({ description: "Dry run: rows matching a record in the table or an earlier row of the file (customers: credit code or normalized name; contacts: same customer and name or phone; deals: same customer and title among open deals; products: code).", resolve: (j) => j.counts.duplicateRows }),
    invalidRows: t.int({ description: "Dry run: rows refused, each with what is wrong in the error report.", resolve: (j) => j.counts.invalidRows }),
    created: t.int({ description: "Commit: records created (customers, contacts added, deals, products).", resolve: (j) => j.counts.created }),
    updated: t.int({ description: "Commit: existing customers changed (CUSTOMERS with UPDATE_EMPTY_FIELDS: empty fields filled; CONTACTS: contacts added).", resolve: (j) => j.counts.updated }),
    skipped: t.int({ description: "Commit: rows not written: duplicates left alone, fills that could not land (a credit code taken meanwhile), rows whose owner may no longer be given customers by the importer (deactivated or moved out of their team since the dry run).", resolve: (j) => j.counts.skipped }),
    pooled: t.int({ description: "Commit: rows whose owner was at the holding limit, created in the pool (公海) instead.", resolve: (j) => j.counts.pooled }),
    ignoredColumns: t.stringList({
      description: "Dry run: headers of the file that are not known columns, as the file writes them. Their data is NOT imported: rename a column to a template header to bring it in.",
      resolve: (j) => j.ignoredColumns ?? [],
    }),
    onDuplicate: t.field({ type: OnDuplicateEnum, nullable: true, resolve: (j) => j.onDuplicate }),
    errorReportUrl: t.string({
      nullable: true,
      description: "The error report workbook (the refused and duplicate rows as they were, plus 原行号 and 错误说明), valid 15 minutes; null when every row passed.",
      resolve: (j, _, ctx) => Imports.reportUrl(ctx.actor, j),
    }),
    createdBy: t.field({ type: UserRef, nullable: true, resolve: (j, _, ctx) => loadUser(ctx.actor, j.createdBy) }),
    createdAt: t.field({ type: "DateTime", resolve: (j) => j.createdAt }),
    validatedAt: t.field({ type: "DateTime", nullable: true, resolve: (j) => j.validatedAt }),
    committedAt: t.field({ type: "DateTime", nullable: true, resolve: (j) => j.committedAt }),
  }),
});

const ImportUploadRef = builder.objectRef<{ job: Imports.ImportJob; upload: { url: string; method: string; headers: Record<string, string>; expiresAt: string } }>("ImportUpload").implement({
  description: "PUT the file's bytes to `url` with exactly these headers before `expiresAt`; the dry run starts when it arrives.",
  fields: (t) => ({
    import: t.field({ type: ImportRef, resolve: (r) => r.job }),
    url: t.string({ resolve: (r) => r.upload.url }),
    method: t.string({ resolve: (r) => r.upload.method }),
    headers: t.field({ type: [HeaderRef], resolve: (r) => Object.entries(r.upload.headers).map(([name, value]) => ({ name, value })) }),
    expiresAt: t.field({ type: "DateTime", resolve: (r) => r.upload.expiresAt }),
  }),
});

const StartImportInput = builder.inputType("StartImportInput", {
  fields: (t) => ({
    kind: t.field({ type: ImportKindEnum, required: true }),
    fileName: t.string({ required: true, description: "Ends in .xlsx or .csv (UTF-8 or GBK)." }),
    contentType: t.string({ required: true }),
    size: t.int({ required: true, description: "Bytes, up to 20 MB." }),
    sha256: t.string({ required: true, description: "Hex SHA-256 of the file." }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

builder.queryFields((t) => ({
  import: t.field({
    type: ImportRef,
    nullable: true,
    description: "One import, with its progress (processed of total). ADMIN: the organization's; MANAGER: their own.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) =>
      queryErrors(ctx, async () => {
        // A malformed id is nobody's import: null, as customer(id) and the other lookups answer.
        const local = localId(String(id), "Import");
        if (!local) return null;
        try {
          return await Imports.importOf(ctx.actor, local);
        } catch (error) {
          if ((error as Error).name === "NotFoundError") return null;
          throw error;
        }
      }),
  }),
  importTemplate: t.string({
    description: "A download link (15 minutes) for the template of a kind: an .xlsx with Chinese headers (English ones are accepted too) and an example row. ADMIN and MANAGER.",
    args: { kind: t.arg({ type: ImportKindEnum, required: true }) },
    resolve: (_, { kind }, ctx) => queryErrors(ctx, () => Imports.importTemplate(ctx.actor, kind)),
  }),
}));

builder.queryField("imports", (t) =>
  t.connection({
    type: ImportRef,
    description: "The organization's imports, newest first (ADMIN all, MANAGER their own).",
    resolve: (_, args, ctx) => queryErrors(ctx, async () => listConnection(args, ctx, "imports", (page) => Imports.listImports(ctx.actor, page))),
  }),
);

builder.mutationFields((t) => ({
  startImport: t.field({
    type: ImportUploadRef,
    description: "ADMIN and MANAGER (a manager for themselves and their team; PRODUCTS: ADMIN only). Registers the file and returns where to upload it; its dry run follows the upload.",
    args: { input: t.arg({ type: StartImportInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently<typeof input, Awaited<ReturnType<typeof Imports.startImport>>>(
        ctx,
        "startImport",
        input,
        {
          idOf: (r) => r.job.id,
          load: async (id) => {
            const job = await Imports.importOf(ctx.actor, id);
            return { job, upload: await Imports.uploadTicketOf(ctx.actor, job) };
          },
        },
        (input) => Imports.startImport(ctx.actor, input),
      ),
  }),
  commitImport: t.field({
    type: ImportRef,
    description:
      "Writes the rows the dry run passed (a duplicate per onDuplicate). Progress shows on import(id); run it again after a failure and only what is missing is written.",
    args: { importId: t.arg.id({ required: true }), onDuplicate: t.arg({ type: OnDuplicateEnum, required: true }) },
    errors: { types: [...COMMON_ERRORS, Imports.ImportStatusError] },
    resolve: (_, { importId, onDuplicate }, ctx) => Imports.commitImport(ctx.actor, inputId(String(importId), "Import", "importId", { zh: "导入编号", en: "Import ID" }), onDuplicate),
  }),
}));
