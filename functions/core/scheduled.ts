import type { Deps } from "./actor";
import { resumeDueDecisions } from "./approval/decide";
import { type ApprovalsCheck, ensureApprovalsRunning } from "./approval/recovery";
import { releaseDueCustomers, type SweepResult } from "./customer";
import { takeForecastSnapshots } from "./pipeline";
import { remindUnansweredQuotes } from "./quote-follow-up/sweep";
import { type DueJobResult, runDueJobs } from "./sweep/due-jobs";
import { DUE_JOB_HANDLERS } from "./sweep/registry";

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
): Promise<{ pool: SweepResult; snapshots: string[]; resumed: number; approvals: ApprovalsCheck; quoteFollowUps: number; due: DueJobResult[] }> {
  const pool = await releaseDueCustomers(deps);
  const { taken } = await takeForecastSnapshots(deps);
  const resumed = await resumeDueDecisions(deps);
  const approvals = await ensureApprovalsRunning(deps, { beyondLimit: options.redriveExhausted });
  const quoteFollowUps = await remindUnansweredQuotes(deps);
  const due: DueJobResult[] = [];
  for (const [kind, handle] of Object.entries(DUE_JOB_HANDLERS)) due.push(await runDueJobs(deps, kind, (job) => handle(deps, job)));
  return { pool, snapshots: taken, resumed, approvals, quoteFollowUps, due };
}
