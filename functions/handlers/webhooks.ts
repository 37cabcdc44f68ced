import { dispatchWebhooks } from "../core/webhook/dispatch";
import { depsFromEnv } from "../deps";

const deps = depsFromEnv();

/**
 * Invoked by the table's stream when an event job is written (within seconds of the change) and every
 * minute by EventBridge Scheduler (retries): fans out committed events, then makes every attempt that
 * is due. Runs beside itself safely: each delivery attempt is claimed.
 */
export const handler = async () => {
  const result = await dispatchWebhooks(deps);
  console.log(JSON.stringify({ msg: "webhooks", ...result }));
  return result;
};
