import type { Deps } from "./actor";
import { resumeDueDecisions } from "./approval/decide";
import { ensureApprovalsRunning } from "./approval/submit";
import { releaseDueCustomers, type SweepResult } from "./customer";
import { takeForecastSnapshots } from "./pipeline";

/**
 * The periodic jobs (EventBridge Scheduler in AWS, an interval locally, `npm run sweep` on demand):
 * customers without follow-up back to the pool, the forecast snapshot at each month's start,
 * approval decisions the workflow was not told of, and approvals whose workflow is not running.
 * All read narrow indexes and are safe to run twice.
 */
export async function runScheduledJobs(deps: Deps): Promise<{ pool: SweepResult; snapshots: string[]; resumed: number; approvalsRunning: number }> {
  const pool = await releaseDueCustomers(deps);
  const { taken } = await takeForecastSnapshots(deps);
  const resumed = await resumeDueDecisions(deps);
  const approvalsRunning = await ensureApprovalsRunning(deps);
  return { pool, snapshots: taken, resumed, approvalsRunning };
}
