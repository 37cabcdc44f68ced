import { loadUser } from "../functions/core/actor";
import * as Export from "../functions/core/export";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { CustomerFilter, customerFilterOf } from "./customer";
import { COMMON_ERRORS, ErrorInterface, queryErrors } from "./errors";
import { OpportunityFilter, opportunityFilterOf } from "./opportunity";
import { UserRef } from "./user";

builder.objectType(Export.ExportTooLargeError, {
  name: "ExportTooLargeError",
  description: "More rows than one export holds; nothing was exported. Narrow the filter and export in parts.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ limit: t.exposeInt("limit") }),
});

const ExportKindEnum = builder.enumType("ExportKind", { values: Export.EXPORT_KINDS });

const ExportFileRef = builder.objectRef<Export.ExportLink>("ExportFile").implement({
  description: `An .xlsx of what the caller may see, behind a link that downloads once within ${Export.LINK_MINUTES} minutes (then 410 Gone).`,
  fields: (t) => ({
    url: t.exposeString("url", { description: "Open without a token: the link is the credential. Once." }),
    expiresAt: t.field({ type: "DateTime", resolve: (f) => f.expiresAt }),
    fileName: t.exposeString("fileName", { description: "客户导出-2026-12-01.xlsx (Customers-export-… in English)." }),
    rowCount: t.exposeInt("rowCount"),
  }),
});

const DataExportRef = builder.objectRef<Export.ExportRecord>("DataExport").implement({
  description: "One export, for the audit: who exported what, under which filter, and when the file was fetched.",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: ExportKindEnum, resolve: (e) => e.kind }),
    requestedBy: t.field({ type: UserRef, nullable: true, resolve: (e, _, ctx) => loadUser(ctx.actor, e.requestedBy) }),
    requestedAt: t.field({ type: "DateTime", resolve: (e) => e.requestedAt }),
    filter: t.exposeString("filter", { description: "The filter as applied, JSON (ids as stored)." }),
    rowCount: t.exposeInt("rowCount"),
    fileName: t.exposeString("fileName"),
    expiresAt: t.field({ type: "DateTime", resolve: (e) => e.expiresAt }),
    downloadedAt: t.field({ type: "DateTime", nullable: true, resolve: (e) => e.downloadedAt ?? null }),
    downloadedFrom: t.string({ nullable: true, description: "The address the file was fetched from.", resolve: (e) => e.downloadedFrom ?? null }),
  }),
});

const TOO_LARGE = "At most 10,000 rows (ExportTooLargeError beyond).";

builder.mutationFields((t) => ({
  exportCustomers: t.field({
    type: ExportFileRef,
    description: `The customers the caller may see under the filter (as \`customers\` lists them), as an .xlsx with headers in the caller's language. ${TOO_LARGE}`,
    args: { filter: t.arg({ type: CustomerFilter }) },
    errors: { types: [...COMMON_ERRORS, Export.ExportTooLargeError] },
    resolve: (_, { filter }, ctx) => Export.exportCustomers(ctx.actor, customerFilterOf(filter)),
  }),
  exportOpportunities: t.field({
    type: ExportFileRef,
    description: `The deals the caller may see under the filter (as \`opportunities\` lists them), as an .xlsx; the newest quote's cost and margin only for those who see margins (MANAGER, FINANCE, GM). ${TOO_LARGE}`,
    args: { filter: t.arg({ type: OpportunityFilter }) },
    errors: { types: [...COMMON_ERRORS, Export.ExportTooLargeError] },
    resolve: (_, { filter }, ctx) => Export.exportOpportunities(ctx.actor, opportunityFilterOf(filter)),
  }),
}));

builder.queryField("dataExports", (t) =>
  t.connection(
    {
      type: DataExportRef,
      description: "ADMIN and GM: the organization's exports, newest first (exports are a way for data to leave).",
      resolve: (_, args, ctx) => queryErrors(ctx, async () => listConnection(args, ctx, "dataExports", (page) => Export.dataExports(ctx.actor, page))),
    },
    { name: "DataExportConnection" },
    { name: "DataExportEdge" },
  ),
);
