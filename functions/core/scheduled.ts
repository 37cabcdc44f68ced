import type { Deps } from "./actor";
import { releaseDueCustomers, type SweepResult } from "./customer";
import { takeForecastSnapshots } from "./pipeline";

/**
 * The periodic jobs (EventBridge Scheduler in AWS, an interval locally, `npm run sweep` on demand):
 * customers without follow-up back to the pool, and the forecast snapshot at each month's start.
 * Both read narrow indexes and are safe to run twice.
 */
export async function runScheduledJobs(deps: Deps): Promise<{ pool: SweepResult; snapshots: string[] }> {
  const pool = await releaseDueCustomers(deps);
  const { taken } = await takeForecastSnapshots(deps);
  return { pool, snapshots: taken };
}
