import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { systemClock } from "../../functions/core/clock";
import { LocalFileStore } from "../../functions/files/local-file-store";
import { startDynamoDb, startSesEmulator } from "../../functions/local/processes";
import { SesMailSender } from "../../functions/mail/sender";
import { inProcessPdfRenderer } from "../../functions/pdf/renderer";
import { LocalWorkflowEngine } from "../../functions/workflow/local-engine";
import { createStore } from "../../functions/store";
import { createDb } from "../../functions/store/client";
import { ensureTable } from "../../functions/store/table";
import { benchClient, fmt, freePort } from "./harness";
import { loadBenchData } from "./load";
import { benchApprovals } from "./bench-approvals";
import { benchPipeline } from "./bench-pipeline";
import { benchPdf } from "./bench-pdf";
import { benchViews } from "./bench-views";
import { benchSweep } from "./bench-sweep";
import { benchBundle } from "./bench-bundle";
import { benchFloor } from "./bench-floor";
import { benchImport } from "./bench-import";
import { benchExport } from "./bench-export";
import { PIPELINE_NOW } from "./bench-pipeline";
import { loadBenchPipeline } from "./load-pipeline";
import type { TotalsDelta } from "../../functions/core/pipeline/totals";

/**
 * `npm run bench`: loads 10,000 customers into a fresh in-memory DynamoDB Local and measures the
 * API through its Lambda handler: latency percentiles, DynamoDB calls per request, throughput.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

async function main() {
  // BENCH_ONLY=pdf needs no local services.
  if (process.env.BENCH_ONLY === "pdf") return benchPdf();
  // The GraphQL Lambda's bundle size and module init (no services either); BENCH_ONLY=bundle runs only this.
  if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === "bundle") await benchBundle();
  if (process.env.BENCH_ONLY === "bundle") return;
  const [ddb, ses] = await Promise.all([freePort().then((port) => startDynamoDb({ port })), freePort().then((port) => startSesEmulator({ port }))]);
  try {
    const db = createDb({ table: "bench", endpoint: ddb.url });
    await ensureTable(db, "bench");
    const files = new LocalFileStore(mkdtempSync(`${tmpdir()}/bench-files-`), "bench", () => "http://localhost");
    const workflows = new LocalWorkflowEngine();
    const deps = { store: createStore(db), clock: systemClock, files, mail: SesMailSender.local(ses.url), pdf: inProcessPdfRenderer, workflows, config: { publicUrl: "http://localhost", mailFrom: "bench@example.com" } };
    workflows.attach(deps);
    // BENCH_ONLY=views needs no customer load.
    if (process.env.BENCH_ONLY === "views") return void (await benchViews(deps, db));
    // BENCH_ONLY=import: a 10,000-row workbook's dry run and commit, in an organization of its own.
    if (process.env.BENCH_ONLY === "import") return void (await benchImport(deps, db));
    console.log("Loading 10,000 customers…");
    const data = await loadBenchData(db);
    console.log(`Loaded ${data.items} items (${data.activities} timeline entries) in ${data.loadSeconds.toFixed(1)} s\n`);
    const { call, measure, throughput } = benchClient(deps, db);
    // BENCH_ONLY=approvals (or customers, pipeline) runs one section after the load; pdf runs before it.
    const only = process.env.BENCH_ONLY;
    if (only === "approvals") return void (await benchApprovals(deps, data, ses.url));
    if (only === "sweep") return void (await benchSweep(deps, db, data));
    if (only === "export") return void (await benchExport(deps, db, data));
    // The first 10,000 deals now, for the lists table; the pipeline section adds 40,000 more later.
    const totals = new Map<string, TotalsDelta>();
    await loadBenchPipeline(db, { orgId: data.orgId, reps: data.reps, customerIds: data.customerIds, count: 10_000, seed: 1, now: PIPELINE_NOW, totals });
    if (only === "pipeline") return void (await benchPipeline(deps, db, data, call, measure, totals));

    const LIST = `query($first: Int, $after: String, $filter: CustomerFilter) { customers(first: $first, after: $after, filter: $filter) {
      edges { node { id name tier region inPool releaseAt owner { name } } } pageInfo { hasNextPage endCursor } } }`;
    const rep = data.reps[0];
    const manager = data.managers[0];

    await benchFloor(db, call, data.orgId, [["ADMIN", data.admin], ["manager of 8", manager], ["rep", rep]]);

    console.log("\nDynamoDB calls per request by page size (must not grow with it):");
    for (const first of [10, 50, 200]) {
      const admin = await measure(20, () => call(data.admin.id, LIST, { first }));
      const mgr = await measure(20, () => call(manager.id, LIST, { first }));
      console.log(`  first: ${String(first).padEnd(4)} ADMIN ${fmt(admin)}\n              manager ${fmt(mgr)}`);
    }

    const cursors: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: any = await call(data.admin.id, LIST, { first: 50, after });
      after = page.customers.pageInfo.endCursor;
      cursors.push(after as string);
    }
    console.log(`\n  paging deep (pages 2–21)            ${fmt(await measure(RUNS, (i) => call(data.admin.id, LIST, { first: 50, after: cursors[i % cursors.length] })))}`);
    console.log(`  filter tier A + region 华东 (ADMIN)  ${fmt(await measure(RUNS, () => call(data.admin.id, LIST, { first: 50, filter: { tier: "A", region: "华东" } })))}`);
    console.log(`  search "宁波压测" (rep)               ${fmt(await measure(RUNS, () => call(rep.id, LIST, { first: 50, filter: { search: "宁波压测" } })))}`);

    const tput = await throughput(10, 8, (i) => call(data.reps[i % data.reps.length].id, LIST, { first: 50 }));
    console.log(`\nthroughput: customers(first: 50) by 24 reps, 8 in flight, 10 s: ${tput.toFixed(0)} requests/s (one Node process, DynamoDB Local)`);

    if (only === "customers") return;
    await benchPipeline(deps, db, data, call, measure, totals);
    await benchApprovals(deps, data, ses.url);
    await benchPdf();
    await benchViews(deps, db);
    await benchSweep(deps, db, data);
    await benchImport(deps, db);
  } finally {
    await Promise.all([ddb.stop(), ses.stop()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
