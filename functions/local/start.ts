import { quoteViewHandler } from "../http/quote-view";
import { mkdirSync } from "node:fs";
import { runScheduledJobs, sweepLines } from "../core/scheduled";
import type { LocalFileStore } from "../files/local-file-store";
import { approvalPageHandler } from "../http/approval-page";
import { createGraphqlServer } from "../http/graphql";
import { LocalWorkflowEngine } from "../workflow/local-engine";
import { lambdaAdapter } from "../http/lambda";
import { loadOrCreateKeys, signToken } from "./auth";
import { ensureAdmin, localDeps } from "./bootstrap";
import { DATA_DIR, localConfig } from "./config";
import { startDynamoDb, startSesEmulator, type Started } from "./processes";
import { createLocalServer } from "./server";

/**
 * `npm start`: the whole product on one machine. DynamoDB Local (data under .data/) and the SES
 * emulator run as child processes; the GraphQL server and the pool sweep run here. Ctrl-C stops all.
 */
async function main() {
  const cfg = localConfig();
  mkdirSync(`${DATA_DIR}/dynamodb`, { recursive: true });
  const children: Started[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((c) => c.stop()));
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  let server: ReturnType<typeof createLocalServer> | undefined;
  let sweep: NodeJS.Timeout | undefined;
  let workflowsRef: LocalWorkflowEngine | undefined;
  async function shutdown(signal: string) {
    console.log(`\n${signal}: stopping…`);
    clearInterval(sweep);
    workflowsRef?.stop();
    server?.close();
    await stopAll();
    process.exit(0);
  }

  try {
    children.push(await startDynamoDb({ port: cfg.ddbPort, path: `${DATA_DIR}/dynamodb` }));
    children.push(await startSesEmulator({ port: cfg.mailPort }));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const workflows = new LocalWorkflowEngine();
  workflowsRef = workflows;
  const deps = await localDeps(cfg, workflows);
  workflows.attach(deps);
  const admin = await ensureAdmin(deps, cfg.orgId);
  const keys = await loadOrCreateKeys(`${DATA_DIR}/local-jwt-key.json`);
  const adminToken = await signToken(keys, admin.id, "30d");

  const graphql = lambdaAdapter(
    createGraphqlServer(deps, { graphiql: { headers: JSON.stringify({ Authorization: `Bearer ${adminToken}` }) } }),
  );
  const files = deps.files as LocalFileStore;
  server = createLocalServer(
    [
      { prefix: "/graphql", handler: graphql, authorized: true },
      { prefix: "/files", raw: (req, res) => files.handle(req, res) },
      { prefix: "/approvals", handler: approvalPageHandler(deps), authorized: false },
      { prefix: "/q", handler: quoteViewHandler(deps), authorized: false },
    ],
    keys,
  );
  await new Promise<void>((resolve, reject) => server!.once("error", reject).listen(cfg.port, "127.0.0.1", resolve));

  const everyMs = Number(process.env.SWEEP_INTERVAL_SECONDS ?? 60) * 1000;
  const runJobs = () =>
    runScheduledJobs(deps)
      .then((r) => {
        if (r.pool.released) console.log(`pool sweep: ${r.pool.released} customer(s) returned to the pool`);
        if (r.snapshots.length) console.log(`forecast snapshot taken: ${r.snapshots.join(", ")}`);
        if (r.resumed) console.log(`approvals: ${r.resumed} decision(s) resumed`);
        if (r.quoteFollowUps) console.log(`quote follow-up: ${r.quoteFollowUps} unanswered quote(s) reminded`);
        if (r.approvals.redriven) console.log(`approvals: ${r.approvals.redriven} failed workflow(s) re-driven`);
        if (r.approvals.failed) console.log(`approvals: ${r.approvals.failed} still failed (see the failure on each request)`);
        // Due jobs (reminders, SLAs, digests) only when something was due: a quiet minute prints nothing.
        for (const line of sweepLines(r).filter((l) => l.startsWith("due ") && !/: 0 handled, 0 waiting[^,]*, 0 failed$/.test(l))) console.log(line);
      })
      .catch((e) => console.error("scheduled jobs failed", e));
  void runJobs();
  sweep = setInterval(runJobs, everyMs);

  console.log(`
Sales API is running.
  GraphQL + GraphiQL  http://localhost:${cfg.port}/graphql   (GraphiQL opens signed in as ${admin.email})
  Mail viewer         http://localhost:${cfg.mailPort}
  DynamoDB Local      http://localhost:${cfg.ddbPort}   table ${cfg.table}, data in .data/
  Approval links      http://localhost:${cfg.port}/approvals/…   (workflows run here; pending ones resume on start)
  Quote view links    http://localhost:${cfg.port}/q/…   (the page a customer opens from a quote email)
  Scheduled jobs      every ${everyMs / 1000}s: pool sweep, forecast snapshots, approval resumes, due jobs and digests (or: npm run sweep)
Tokens: npm run --silent token -- --user ${admin.email}
Demo data: npm run seed
Ctrl-C stops everything.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
