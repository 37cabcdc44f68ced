import type { ImportKind, OnDuplicate } from "../core/import/model";
import type { ExportWorkbookJob } from "./export-job";

/**
 * Work on spreadsheets, done by the "sheets" worker (functions/handlers/sheets.ts) so exceljs never
 * enters the GraphQL bundle. One job kind per case of `runSheetsJob` (functions/sheets/run.ts).
 */
export type SheetsJob =
  /** Writes the template workbook of a kind to the file store (once; its key is fixed). */
  | { kind: "importTemplate"; importKind: ImportKind }
  /** Reads an uploaded file and checks every row (the dry run): verdicts and the error report. */
  | { kind: "validateImport"; importId: string }
  /** Writes the rows a dry run passed. */
  | { kind: "commitImport"; importId: string; onDuplicate: OnDuplicate }
  /** Writes an export's workbook from the rows the GraphQL function read (functions/sheets/export-job.ts). */
  | ExportWorkbookJob;

export interface SheetsWorker {
  /** Runs a job and waits for it (short jobs: a template). */
  run(job: SheetsJob): Promise<void>;
  /**
   * Starts a job and returns: an asynchronous Lambda invocation in AWS (retried, then its dead-letter
   * queue); in process locally, where it is awaited and a failure is logged as the Lambda would.
   */
  start(job: SheetsJob): Promise<void>;
}
