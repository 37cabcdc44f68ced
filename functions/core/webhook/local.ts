import { onEventsCommitted } from "../../store/webhook-events";
import type { Deps } from "../actor";
import { dispatchWebhooks } from "./dispatch";

/**
 * The local server delivers webhooks itself: right after a commit that wrote events (or a replay),
 * and every `everyMs` for retries, one run at a time (a kick during a run runs once more after it).
 */
export function dispatchLocally(deps: Deps, everyMs = 30_000) {
  let running: Promise<void> | null = null;
  let again = false;
  const kick = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const r = await dispatchWebhooks(deps);
          if (r.deliveries.failed || r.events.failed) console.error(`webhooks: ${r.events.failed} fan-out(s) and ${r.deliveries.failed} delivery job(s) failed; retried on the next run`);
        } catch (error) {
          console.error("webhook dispatch failed", error);
        }
      } while (again);
      running = null;
    })();
    return running;
  };
  onEventsCommitted(deps.store.db, () => void kick());
  const timer = setInterval(() => void kick(), everyMs);
  timer.unref();
  return { kick, idle: () => running ?? Promise.resolve(), stop: () => clearInterval(timer) };
}
