import type { Deps } from "../core/actor";
import { commitCustomers } from "../core/import/commit";
import { commitOpportunities } from "../core/import/opportunity-commit";
import { commitContacts } from "../core/import/contact-commit";
import { commitProducts } from "../core/import/product-commit";
import { ImportFileError } from "../core/import/errors";
import { dryRun } from "../core/import/dry-run";
import { locateHeader } from "../core/import/header-row";
import { type ImportJob, importFiles, type OnDuplicate, type RowVerdict, templateKey, type ImportKind } from "../core/import/model";
import { importErrorReport, XLSX_TYPE } from "./import-report";
import { importTemplate } from "./import-template";
import { readSheet } from "./read-sheet";

/** The dry run of an uploaded file: verdicts kept for the commit, the error report written, counts on the import. */
export async function validateImport(deps: Deps, importId: string): Promise<void> {
  const job = await deps.store.imports.get(importId);
  if (!job || job.status !== "VALIDATING") return;
  const files = importFiles(job.orgId, job.id);
  try {
    const bytes = await deps.files.get(files.upload);
    if (!bytes) throw new ImportFileError({ zh: "未找到上传的文件", en: "The uploaded file is missing" });
    const sheet = locateHeader(job.kind, await readSheet(bytes, job.fileName));
    const { verdicts, counts } = await dryRun(deps, job, sheet.headers, sheet.rows);
    await deps.files.put(files.verdicts, Buffer.from(JSON.stringify(verdicts)), "application/json");
    const report = await importErrorReport(job, sheet, verdicts);
    if (report) await deps.files.put(files.report, report, XLSX_TYPE);
    const at = deps.clock.now().toISOString();
    await deps.store.imports.transition(job.id, ["VALIDATING"], "VALIDATED", {
      counts,
      processed: verdicts.length,
      total: verdicts.length,
      reportKey: report ? files.report : null,
      ignoredColumns: sheet.ignoredColumns,
      validatedAt: at,
      updatedAt: at,
    });
  } catch (error) {
    const failure = error instanceof ImportFileError ? error.text : { zh: "文件校验失败，请稍后重试或联系管理员", en: "Checking the file failed; try again later or ask an administrator" };
    await deps.store.imports.transition(job.id, ["VALIDATING"], "FAILED", { failure, updatedAt: deps.clock.now().toISOString() });
    if (!(error instanceof ImportFileError)) throw error;
  }
}

/**
 * The commit. A crash leaves the import COMMITTING: the Lambda's own retries of the asynchronous
 * invocation, or commitImport again, run it anew and write only what is missing.
 */
export async function commitImport(deps: Deps, importId: string, onDuplicate: OnDuplicate): Promise<void> {
  const job = await deps.store.imports.get(importId);
  if (!job || job.status !== "COMMITTING") return;
  const bytes = await deps.files.get(importFiles(job.orgId, job.id).verdicts);
  if (!bytes) throw new Error(`Import ${job.id} has no verdicts`);
  const verdicts = JSON.parse(bytes.toString("utf8")) as RowVerdict[];
  const counts =
    job.kind === "OPPORTUNITIES"
      ? await commitOpportunities(deps, job, verdicts)
      : job.kind === "CONTACTS"
        ? await commitContacts(deps, job, verdicts)
        : job.kind === "PRODUCTS"
          ? await commitProducts(deps, job, verdicts)
          : await commitCustomers(deps, job, verdicts, onDuplicate);
  const at = deps.clock.now().toISOString();
  await deps.store.imports.transition(job.id, ["COMMITTING"], "COMMITTED", { counts, processed: job.total, committedAt: at, updatedAt: at } satisfies Partial<ImportJob>);
}

export async function writeImportTemplate(deps: Deps, kind: ImportKind): Promise<void> {
  await deps.files.put(templateKey(kind), await importTemplate(kind), XLSX_TYPE);
}
