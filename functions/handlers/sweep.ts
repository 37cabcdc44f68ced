import { runScheduledJobs } from "../core/scheduled";
import { depsFromEnv } from "../deps";

const deps = depsFromEnv();

/** Invoked by EventBridge Scheduler (the event carries nothing we need); returns what it did. */
export const handler = async (_event?: unknown) => {
  const result = await runScheduledJobs(deps);
  console.log(JSON.stringify({ msg: "scheduled jobs", ...result }));
  return result;
};
