import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { runScheduledJobs, sweepLines } from "../core/scheduled";
import type { LocalFileStore } from "../files/local-file-store";
import { approvalPageHandler } from "../http/approval-page";
import { corsPolicy } from "../http/cors";
import { createGraphqlServer } from "../http/graphql";
import { lambdaAdapter } from "../http/lambda";
import { quoteViewHandler } from "../http/quote-view";
import { exportDownloadHandler } from "../http/export-download";
import { LocalWorkflowEngine } from "../workflow/local-engine";
import { dispatchLocally } from "../core/webhook/local";
import { loadOrCreateKeys, signToken } from "./auth";
import { ensureAdmin, localDeps } from "./bootstrap";
import { DATA_DIR, type localConfig } from "./config";
import { PortInUseError } from "./ports";
import { startDynamoDb, startSesEmulator } from "./processes";
import { createLocalServer } from "./server";
import { shownDir } from "./stack-lock";

/** What runs in the `npm start` process, for stopping it. */
export interface Running {
  server?: ReturnType<typeof createLocalServer>;
  sweep?: NodeJS.Timeout;
  workflows?: LocalWorkflowEngine;
  webhooks?: { stop(): void };
}

/**
 * The stack of `npm start`: DynamoDB Local (data under .data/) and the SES emulator as child
 * processes, then the HTTP server (GraphQL + GraphiQL, files, approval and quote links, CORS as the
 * HTTP API answers it), the approval workflows and the scheduled jobs in this process.
 */
export async function runStack(cfg: ReturnType<typeof localConfig>, stack: Running) {
  await startDynamoDb({ port: cfg.ddbPort, path: `${DATA_DIR}/dynamodb` });
  await startSesEmulator({ port: cfg.mailPort });
  const workflows = new LocalWorkflowEngine();
  stack.workflows = workflows;
  const deps = await localDeps(cfg, workflows);
  workflows.attach(deps);
  const admin = await ensureAdmin(deps, cfg.orgId);
  const keys = await loadOrCreateKeys(`${DATA_DIR}/local-jwt-key.json`);
  const adminToken = await signToken(keys, admin.id, "30d");

  const graphql = lambdaAdapter(
    createGraphqlServer(deps, { graphiql: { headers: JSON.stringify({ Authorization: `Bearer ${adminToken}` }) }, renderGraphiQL }),
  );
  const files = deps.files as LocalFileStore;
  const server = createLocalServer(
    [
      { prefix: "/graphql", handler: graphql, authorized: true },
      { prefix: "/files", raw: (req, res) => files.handle(req, res) },
      { prefix: "/approvals", handler: approvalPageHandler(deps), authorized: false },
      { prefix: "/q", handler: quoteViewHandler(deps), authorized: false },
      { prefix: "/exports", handler: exportDownloadHandler(deps), authorized: false },
    ],
    keys,
    { cors: corsPolicy(cfg.corsOrigins) },
  );
  stack.server = server;
  await new Promise<void>((resolve, reject) =>
    server.once("error", (e: NodeJS.ErrnoException) => reject(e.code === "EADDRINUSE" ? new PortInUseError({ port: cfg.port, variable: "PORT", what: "GraphQL server" }) : e)).listen(cfg.port, "127.0.0.1", resolve),
  );

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
  stack.sweep = setInterval(runJobs, everyMs);
  // Webhooks go out right after the commit that made them, retries every 30 s (AWS: the dispatcher Lambda, every minute).
  stack.webhooks = dispatchLocally(deps);

  console.log(`
Sales API is running.
  GraphQL + GraphiQL  http://localhost:${cfg.port}/graphql   (GraphiQL opens signed in as ${admin.email})
  Mail viewer         http://localhost:${cfg.mailPort}
  DynamoDB Local      http://localhost:${cfg.ddbPort}   table ${cfg.table}, data in ${shownDir(DATA_DIR)} (DATA_DIR; this stack's alone while it runs)
  Approval links      http://localhost:${cfg.port}/approvals/…   (workflows run here; pending ones resume on start)
  Quote view links    http://localhost:${cfg.port}/q/…   (the page a customer opens from a quote email)
  Browser origins     ${cfg.corsOrigins.join(", ")}   (CORS_ORIGINS; as the HTTP API's CORS configuration)
  Scheduled jobs      every ${everyMs / 1000}s: pool sweep, forecast snapshots, approval resumes, due jobs and digests (or: npm run sweep)
  Webhooks            delivered right after each change, retried every 30s (http to loopback allowed locally)
Tokens: npm run --silent token -- --user ${admin.email}
Demo data: npm run seed
Ctrl-C (or SIGTERM) stops everything.`);
}
