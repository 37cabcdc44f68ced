import { releaseDueCustomers } from "../core/customer";
import { depsFromEnv } from "../deps";

const deps = depsFromEnv();

/** Invoked by EventBridge Scheduler (the event carries nothing we need); returns what it did. */
export const handler = async (_event?: unknown) => {
  const result = await releaseDueCustomers(deps);
  console.log(JSON.stringify({ msg: "pool sweep", ...result }));
  return result;
};
