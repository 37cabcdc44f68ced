import type { Page } from "../../store";
import type { Actor } from "../actor";
import { ForbiddenError } from "../errors";
import type { PageArgs } from "../paging";
import { hasRole } from "../user/model";
import { Checker } from "../validate";
import { IMPORT_KINDS, type ImportJob, type ImportKind, templateKey } from "./model";
import { canImport, canImportKind, sheetsOf } from "./start";

const LINK_SECONDS = 15 * 60;
const TEMPLATE_NAMES: Record<ImportKind, string> = { CUSTOMERS: "客户", CONTACTS: "联系人", OPPORTUNITIES: "商机", PRODUCTS: "产品" };

/** The organization's imports, newest first: ADMIN all of them, a manager their own. */
export async function listImports(actor: Actor, page: Required<PageArgs> & { first: number }): Promise<Page<ImportJob>> {
  if (!canImport(actor)) throw new ForbiddenError();
  const all = await actor.deps.store.imports.page(actor.viewer.orgId, hasRole(actor.viewer, "ADMIN") ? page.first : 200, page.after);
  if (hasRole(actor.viewer, "ADMIN")) return all;
  // A manager's own: few among an organization's imports, so filtered from a wider page.
  const mine = all.items.map((j, i) => ({ j, c: all.cursors[i] })).filter(({ j }) => j.createdBy === actor.viewer.id).slice(0, page.first);
  return { ...all, items: mine.map((m) => m.j), cursors: mine.map((m) => m.c), endCursor: all.endCursor, hasNextPage: all.hasNextPage };
}

/** A download link for the template of a kind (Chinese headers, an example row), written once by the sheets worker. */
export async function importTemplate(actor: Actor, kind: ImportKind): Promise<string> {
  if (!canImport(actor)) throw new ForbiddenError();
  const c = new Checker();
  c.oneOf("kind", kind, IMPORT_KINDS, true);
  c.done();
  if (!canImportKind(actor, kind)) throw new ForbiddenError();
  const key = templateKey(kind);
  if (!(await actor.deps.files.stat(key))) await sheetsOf(actor.deps).run({ kind: "importTemplate", importKind: kind });
  return actor.deps.files.downloadUrl(key, actor.viewer.locale === "en" ? `${kind.toLowerCase()}-import-template.xlsx` : `${TEMPLATE_NAMES[kind]}导入模板.xlsx`, LINK_SECONDS);
}

/** The error report (invalid and duplicate rows, each with what is wrong), once the dry run has written it. */
export async function reportUrl(actor: Actor, job: ImportJob): Promise<string | null> {
  if (!job.reportKey) return null;
  const base = job.fileName.replace(/\.(xlsx|csv)$/i, "");
  return actor.deps.files.downloadUrl(job.reportKey, `${base}${job.locale === "en" ? "-errors" : "-错误报告"}.xlsx`, LINK_SECONDS);
}
