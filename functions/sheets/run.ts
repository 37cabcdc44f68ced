import type { Deps } from "../core/actor";
import { assertUnreachable } from "../core/errors";
import { commitImport, validateImport, writeImportTemplate } from "./import-jobs";
import { runExportWorkbook } from "./export-job";
import type { SheetsJob } from "./worker";

/** The sheets worker's one entry: a job kind, its case. */
export async function runSheetsJob(deps: Deps, job: SheetsJob): Promise<void> {
  switch (job.kind) {
    case "importTemplate":
      return writeImportTemplate(deps, job.importKind);
    case "validateImport":
      return validateImport(deps, job.importId);
    case "commitImport":
      return commitImport(deps, job.importId, job.onDuplicate);
    case "exportWorkbook":
      return runExportWorkbook(deps, job);
    default:
      return assertUnreachable(job);
  }
}
