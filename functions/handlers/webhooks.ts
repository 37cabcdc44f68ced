import { dispatchWebhooks } from "../core/webhook/dispatch";
import { depsFromEnv } from "../deps";

const deps = depsFromEnv();

/** Invoked every minute by EventBridge Scheduler: fans out committed events, then makes every attempt that is due. */
export const handler = async () => {
  const result = await dispatchWebhooks(deps);
  console.log(JSON.stringify({ msg: "webhooks", ...result }));
  return result;
};
