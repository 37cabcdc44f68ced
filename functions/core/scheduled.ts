import type { Deps } from "./actor";
import { resumeDueDecisions } from "./approval/decide";
import { type ApprovalsCheck, ensureApprovalsRunning } from "./approval/recovery";
import { releaseDueCustomers, type SweepResult } from "./customer";
import { takeForecastSnapshots } from "./pipeline";
import { remindUnansweredQuotes } from "./quote-follow-up/sweep";
import { type DueJobResult, runDueJobs } from "./sweep/due-jobs";
import { DUE_JOB_HANDLERS } from "./sweep/registry";
import { withSweepCache } from "./sweep/cache";
import { DIGEST_JOB, ensureDigestJobs } from "./digest/schedule";
import { ensureStageJobsBackfilled } from "./sla/backfill";
import { ensureTeamKeysFiled } from "./team/filing";
import { fileDealLists } from "./quote/backfill";
import { ensureSearchTextCurrent } from "./customer/search-backfill";

export interface ScheduledJobsResult {
  pool: SweepResult;
  snapshots: string[];
  resumed: number;
  approvals: ApprovalsCheck;
  quoteFollowUps: number;
  /** Organizations that had no digest job yet and were given one. */
  digestJobsCreated: number;
  due: DueJobResult[];
}

/** One line per job, as `npm run sweep` prints them and the Lambda logs and returns them. */
export function sweepLines(r: ScheduledJobsResult): string[] {
  return [
    `pool release: ${r.pool.released} returned to the pool, ${r.pool.skipped} no longer due`,
    `forecast snapshots: ${r.snapshots.length ? r.snapshots.join(", ") : "none due"}`,
    `approval decisions resumed: ${r.resumed}`,
    `approvals: ${r.approvals.running} running, ${r.approvals.redriven} re-driven, ${r.approvals.failed} failed, ${r.approvals.untoldDecisions} decisions untold`,
    `quote follow-ups: ${r.quoteFollowUps} reminded`,
    `digest jobs created: ${r.digestJobsCreated}`,
    ...r.due.map((d) => `due ${d.kind}: ${d.handled} handled, ${d.waiting} waiting for an email retry, ${d.failed} failed`),
  ];
}

/**
 * The periodic jobs (EventBridge Scheduler in AWS, an interval locally, `npm run sweep` on demand):
 * customers without follow-up back to the pool, the forecast snapshot at each month's start,
 * approval decisions the workflow was not told of, approvals whose workflow is not running or
 * failed (re-driven), sent quotes left unanswered (their owners reminded), then every kind of due
 * job in the registry (collections, stalled deals, SLAs, work orders, digests). All read narrow
 * indexes and are safe to run twice. `redriveExhausted`: an operator's run after fixing what made
 * approvals fail past their attempts.
 */
export async function runScheduledJobs(
  deps: Deps,
  options: { redriveExhausted?: boolean } = {},
): Promise<ScheduledJobsResult> {
  // One job failing (DynamoDB throttled, a bug) does not hold back the others; the sweep throws at
  // the end, so the failure still shows (the Lambda's error alarm) and everything else ran.
  const failures: { job: string; error: unknown }[] = [];
  const run = async <T>(job: string, work: () => Promise<T>, otherwise: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      failures.push({ job, error });
      console.error(`scheduled job ${job} failed:`, error instanceof Error ? error.message : error);
      return otherwise;
    }
  };
  const pool = await run("pool release", () => releaseDueCustomers(deps), { released: 0, skipped: 0 });
  const { taken } = await run("forecast snapshots", () => takeForecastSnapshots(deps), { taken: [] as string[] });
  const resumed = await run("approval resumes", () => resumeDueDecisions(deps), 0);
  const approvals = await run("approvals", () => ensureApprovalsRunning(deps, { beyondLimit: options.redriveExhausted }), { running: 0, redriven: 0, failed: 0, untoldDecisions: 0 });
  const quoteFollowUps = await run("quote follow-ups", () => remindUnansweredQuotes(deps), 0);
  const digestJobsCreated = await run("digest jobs", () => ensureDigestJobs(deps), 0);
  await run("stage jobs backfill", () => ensureStageJobsBackfilled(deps), 0);
  await run("team keys backfill", () => ensureTeamKeysFiled(deps), 0);
  await run("quote and contract lists backfill", () => fileDealLists(deps), 0);
  await run("customer search backfill", () => ensureSearchTextCurrent(deps), 0);
  const due: DueJobResult[] = [];
  // The digests last: they list what the other kinds just found (breaches, stalls, collections due).
  const kinds = Object.entries(DUE_JOB_HANDLERS).sort(([a], [b]) => Number(a === DIGEST_JOB) - Number(b === DIGEST_JOB));
  const shared = withSweepCache(deps);
  for (const [kind, handle] of kinds) {
    due.push(await run(`due ${kind}`, () => runDueJobs(shared, kind, (job) => handle(shared, job)), { kind, handled: 0, waiting: 0, failed: 1 }));
  }
  if (failures.length) throw new Error(`scheduled jobs failed: ${failures.map((f) => f.job).join(", ")}`, { cause: failures[0].error });
  return { pool, snapshots: taken, resumed, approvals, quoteFollowUps, digestJobsCreated, due };
}
