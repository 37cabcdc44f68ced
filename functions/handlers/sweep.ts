import { runScheduledJobs, sweepLines } from "../core/scheduled";
import { depsFromEnv } from "../deps";
import { approvalMetricsLine } from "../workflow/metrics";

const deps = depsFromEnv();

/**
 * Invoked by EventBridge Scheduler (the event carries nothing we need), or by an operator with
 * `{"redriveExhausted": true}` once what made approvals fail is fixed; returns what it did.
 */
export const handler = async (event?: { redriveExhausted?: boolean } | Record<string, unknown>) => {
  const result = await runScheduledJobs(deps, { redriveExhausted: event?.redriveExhausted === true });
  const lines = sweepLines(result);
  console.log(JSON.stringify({ msg: "scheduled jobs", ...result, lines }));
  console.log(approvalMetricsLine(result.approvals, new Date()));
  return { ...result, lines };
};
