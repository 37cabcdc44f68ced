import type { DueJob } from "../../store/due-jobs";
import { WEBHOOK_EVENTS_JOB } from "../../store/webhook-events";
import { WEBHOOK_DELIVERY_JOB } from "../../store/webhooks";
import { ConditionFailedError } from "../../store/transact";
import type { Deps } from "../actor";
import { type DueJobResult, type DueOutcome, runDueJobs } from "../sweep/due-jobs";
import { DELIVERY_ERRORS } from "./delivery-errors";
import { WebhookUrlRefusedError } from "./errors";
import type { WebhookEvent } from "./events";
import { CLAIM_MS, FIRST_RETRY_MS, RETRY_WINDOW_MS, type WebhookDelivery } from "./model";
import { eventBody } from "./payload";
import { openSecret } from "./seal";
import { postWebhook, type SendResult } from "./send";
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";
import { checkTarget } from "./target";

/** Events fanned out and deliveries attempted at once: a partner that hangs for its 10 s holds one of these, not the others. */
const DISPATCH_CONCURRENCY = 8;

const plus = (at: Date | string, ms: number) => new Date(new Date(at).getTime() + ms).toISOString();

/** A new delivery of an event (or a replay of one) to an endpoint, due at once. */
export function newDelivery(e: Pick<WebhookEvent, "id" | "type">, webhookId: string, orgId: string, body: string, opts: { id: string; now: Date; giveUpAt: string; replayOf?: string }): WebhookDelivery {
  const now = opts.now.toISOString();
  return {
    id: opts.id,
    webhookId,
    orgId,
    eventId: e.id,
    eventType: e.type,
    body,
    status: "PENDING",
    attempts: 0,
    attemptLog: [],
    nextAttemptAt: now,
    giveUpAt: opts.giveUpAt,
    lastStatusCode: null,
    lastError: null,
    responseSnippet: null,
    createdAt: now,
    finishedAt: null,
    replayOf: opts.replayOf ?? null,
  };
}

/**
 * Fans a transaction's events out to the endpoints subscribed now (and enabled since before the
 * event: one turned on again gets only events from then on): one delivery per event and
 * endpoint, its body frozen (the record's public fields at this moment). Named after the event, so a
 * second run of the job finds them there and adds none.
 */
export async function handleWebhookEventsJob(deps: Deps, job: DueJob): Promise<DueOutcome> {
  const events = JSON.parse(String(job.data.events)) as WebhookEvent[];
  const hooks = (await deps.store.webhooks.listByOrg(job.orgId)).filter((w) => w.enabled);
  for (const e of events) {
    const subscribed = hooks.filter((w) => w.events.includes(e.type) && !(w.enabledAt && e.occurredAt < w.enabledAt));
    if (!subscribed.length) continue;
    const body = await eventBody(deps, e);
    for (const w of subscribed) {
      const d = newDelivery(e, w.id, w.orgId, body, { id: e.id.replace(/^evt_/, ""), now: deps.clock.now(), giveUpAt: plus(e.occurredAt, RETRY_WINDOW_MS) });
      try {
        await deps.store.webhooks.createDelivery(d);
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error; // already fanned out
      }
    }
  }
  return { next: null };
}

/** 1 minute after the first attempt, doubling, each ±20 % so endpoints that failed together are not retried together. */
export const retryDelayMs = (attempts: number, random = Math.random()) => FIRST_RETRY_MS * 2 ** (attempts - 1) * (0.8 + 0.4 * random);

async function attempt(deps: Deps, d: WebhookDelivery, url: string, secretSealed: string, now: Date): Promise<SendResult> {
  try {
    // Checked again at every attempt: a name that resolved to a public address at registration may not now.
    const target = await checkTarget(url, deps.config.webhookTargets ?? "PUBLIC");
    const secret = openSecret(secretSealed, d.webhookId, deps.config.webhookSecretKey);
    return await postWebhook(target, d.body, {
      [SIGNATURE_HEADER]: signatureHeader(secret, d.body, now),
      [EVENT_ID_HEADER]: d.eventId,
      [EVENT_TYPE_HEADER]: d.eventType,
    });
  } catch (error) {
    if (error instanceof WebhookUrlRefusedError) return { statusCode: null, error: DELIVERY_ERRORS.refused(error.reason), responseSnippet: null };
    throw error;
  }
}

/**
 * One attempt of a due delivery, under a claim (a second dispatcher finds it taken and leaves it):
 * 2xx is delivered; anything else (another status, a redirect, no answer in 10 s, an address
 * refused) is retried with backoff until 24 hours after the event, then FAILED.
 */
export async function handleWebhookDeliveryJob(deps: Deps, job: DueJob): Promise<DueOutcome> {
  const [webhookId, deliveryId] = [String(job.data.webhookId), String(job.data.deliveryId)];
  const d = await deps.store.webhooks.getDelivery(webhookId, deliveryId);
  if (!d || d.status !== "PENDING") return { next: null };
  const now = deps.clock.now();
  if (d.nextAttemptAt && d.nextAttemptAt > now.toISOString()) return { next: d.nextAttemptAt };
  const until = plus(now, CLAIM_MS);
  if (!(await deps.store.webhooks.claim(d, now.toISOString(), until))) return { next: until };
  const hook = await deps.store.webhooks.get(webhookId);
  // Gone, off, or turned off and on again since this delivery was made: it fails unsent, no attempt counted.
  if (!hook || !hook.enabled || (hook.enabledAt && d.createdAt < hook.enabledAt)) {
    await deps.store.webhooks.abandon(d, until, now.toISOString(), hook ? DELIVERY_ERRORS.disabled : DELIVERY_ERRORS.deleted);
    return { next: null };
  }
  const started = Date.now();
  const result: SendResult = await attempt(deps, d, hook.url, hook.secretSealed, now);
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const next = plus(now, retryDelayMs(d.attempts + 1));
  const status = ok ? "DELIVERED" : next > d.giveUpAt ? "FAILED" : "PENDING";
  const nextAttemptAt = status === "PENDING" ? next : null;
  await deps.store.webhooks.recordAttempt(d, until, { at: now.toISOString(), ...result, durationMs: Date.now() - started }, { status, nextAttemptAt });
  return { next: nextAttemptAt };
}

/**
 * Fans out what was committed, then makes every attempt that is due: the local server after each
 * commit, the dispatcher Lambda every minute. Both up to 8 at once, so a bulk import's events fan out
 * quickly and one slow endpoint does not hold back the others.
 */
export async function dispatchWebhooks(deps: Deps): Promise<{ events: DueJobResult; deliveries: DueJobResult }> {
  const events = await runDueJobs(deps, WEBHOOK_EVENTS_JOB, (job) => handleWebhookEventsJob(deps, job), DISPATCH_CONCURRENCY);
  const deliveries = await runDueJobs(deps, WEBHOOK_DELIVERY_JOB, (job) => handleWebhookDeliveryJob(deps, job), DISPATCH_CONCURRENCY);
  return { events, deliveries };
}
