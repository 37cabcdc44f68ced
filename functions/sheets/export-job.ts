import { gunzipSync } from "node:zlib";
import type { Deps } from "../core/actor";
import { type SheetDocument, XLSX_TYPE } from "../core/export/sheet";
import { exportWorkbook } from "./export-workbook";

/**
 * An export's workbook: the rows the GraphQL function read and checked (scope, filter, cap) lie in
 * the file store as gzipped JSON (no invocation payload limit to meet); the workbook goes beside them.
 */
export interface ExportWorkbookJob {
  kind: "exportWorkbook";
  sourceKey: string;
  fileKey: string;
}

export async function runExportWorkbook(deps: Deps, job: ExportWorkbookJob): Promise<void> {
  const source = await deps.files.get(job.sourceKey);
  if (!source) throw new Error(`Export rows not found: ${job.sourceKey}`);
  const doc = JSON.parse(gunzipSync(source).toString("utf8")) as SheetDocument;
  await deps.files.put(job.fileKey, await exportWorkbook(doc), XLSX_TYPE);
}
