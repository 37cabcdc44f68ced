import type { S3Event } from "aws-lambda";
import type { Deps } from "../core/actor";
import { uploaded } from "../core/import/start";
import { depsFromEnv } from "../deps";
import { InProcessSheetsWorker } from "../sheets/in-process";
import { runSheetsJob } from "../sheets/run";
import type { SheetsJob } from "../sheets/worker";

/**
 * The sheets worker: spreadsheet jobs (exceljs lives here, never in the GraphQL bundle), and S3's
 * events for uploaded import files, whose dry run it then runs itself.
 */
export function sheetsHandler(deps: Deps) {
  return async (event: SheetsJob | S3Event): Promise<void> => {
    if ("Records" in event) {
      for (const record of event.Records) {
        // S3 event keys are URL-encoded, with spaces as "+".
        await uploaded(deps, decodeURIComponent(record.s3.object.key.replace(/\+/g, " ")));
      }
      return;
    }
    await runSheetsJob(deps, event);
  };
}

const deps: Deps = depsFromEnv();
// Jobs this function starts (an upload's dry run) run here, in this invocation.
deps.sheets = new InProcessSheetsWorker(() => deps);
export const handler = sheetsHandler(deps);
