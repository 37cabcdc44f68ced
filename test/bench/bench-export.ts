import type { Deps } from "../../functions/core/actor";
import type { Db } from "../../functions/store/client";
import { InProcessSheetsWorker } from "../../functions/sheets/in-process";
import { benchClient } from "./harness";
import type { loadBenchData } from "./load";

const EXPORT = `mutation { exportCustomers { __typename ... on Error { message } ... on ExportFile { rowCount fileName } } }`;

/**
 * `BENCH_ONLY=export`: the whole organization's 10,000 customers exported by ADMIN through the
 * GraphQL handler (read 200 a page, the workbook by the sheets worker in process), and a manager's team.
 */
export async function benchExport(base: Deps, db: Db, data: Awaited<ReturnType<typeof loadBenchData>>) {
  const deps: Deps = { ...base };
  deps.sheets ??= new InProcessSheetsWorker(() => deps);
  const { call } = benchClient(deps, db);
  console.log("Export (exportCustomers, synchronous)");
  for (const [label, userId] of [["ADMIN, 10,000 customers", data.admin.id], ["a manager (team and pool)", data.managers[0].id]] as const) {
    const [calls, read] = [db.stats.calls, db.stats.itemsRead];
    const t0 = performance.now();
    const out = (await call(userId, EXPORT)).exportCustomers;
    const ms = performance.now() - t0;
    if (out.__typename !== "ExportFile") throw new Error(JSON.stringify(out));
    console.log(`  ${label}: ${out.rowCount} rows in ${(ms / 1000).toFixed(2)} s, ${db.stats.calls - calls} DynamoDB calls, ${db.stats.itemsRead - read} items read`);
  }
}
