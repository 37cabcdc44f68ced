import { randomBytes } from "node:crypto";
import type { Actor } from "../actor";
import { type Activity, newActivity } from "../activity";
import { ForbiddenError, NotFoundError, VersionConflictError } from "../errors";
import { newId } from "../ids";
import { markResult } from "../idempotency";
import type { Page } from "../../store/page";
import { ConditionFailedError } from "../../store/transact";
import { WEBHOOK_URL_TAKEN } from "../../store/webhooks";
import { hasRole } from "../user/model";
import { Checker } from "../validate";
import { newDelivery } from "./dispatch";
import { WebhookDisabledError, WebhookUrlTakenError } from "./errors";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./events";
import { RETRY_WINDOW_MS, type Webhook, type WebhookDelivery } from "./model";
import { sealSecret } from "./seal";
import { checkTarget, MAX_URL_LENGTH } from "./target";

const LABELS = { url: { zh: "地址", en: "URL" }, events: { zh: "事件", en: "events" }, secret: { zh: "签名密钥", en: "secret" }, description: { zh: "说明", en: "description" } };

export interface WebhookInput {
  url: string;
  events: string[];
  /** Given by the admin (16–200 characters), or generated (shown once, in the answer). */
  secret?: string | null;
  description?: string | null;
}

export interface WebhookPatch {
  url?: string | null;
  events?: string[] | null;
  enabled?: boolean | null;
  description?: string | null;
}

/** The endpoint with its secret in clear: only in the answer to the call that set it. */
export type WebhookWithSecret = Webhook & { secret: string };

const requireAdmin = (actor: Actor) => {
  if (!hasRole(actor.viewer, "ADMIN")) throw new ForbiddenError({ zh: "只有管理员可以管理 Webhook。", en: "Only an ADMIN manages webhooks." });
};

function checkEvents(c: Checker, events: string[]): WebhookEventType[] {
  const unknown = events.filter((e) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
  if (!events.length) c.fail("events", "REQUIRED", { zh: "至少选择一个", en: "needs at least one event" });
  if (unknown.length) c.fail("events", "UNKNOWN_EVENT", { zh: `不支持：${unknown.join("，")}`, en: `not supported: ${unknown.join(", ")}` });
  return [...new Set(events)] as WebhookEventType[];
}

/** The URL as a field (present, not too long: its form and address are checkTarget's); the URL itself is never echoed. */
function checkUrl(c: Checker, url: string): void {
  if (!url.trim()) c.fail("url", "REQUIRED", { zh: "不能为空", en: "is required" });
  else if (url.length > MAX_URL_LENGTH) c.fail("url", "TOO_LONG", { zh: `不能超过${MAX_URL_LENGTH}个字符`, en: `must be at most ${MAX_URL_LENGTH} characters` });
}

/** One endpoint per URL in an organization (the same URL twice would get every event twice); the URL claim written with the endpoint settles a race. */
async function refuseTakenUrl(actor: Actor, url: string, exceptId: string | null): Promise<void> {
  const hooks = await actor.deps.store.webhooks.listByOrg(actor.viewer.orgId);
  if (hooks.some((w) => w.id !== exceptId && w.url === url)) throw new WebhookUrlTakenError();
}

function checkSecret(c: Checker, secret: string | null | undefined): string {
  if (secret === null || secret === undefined) return `whsec_${randomBytes(24).toString("base64url")}`;
  if (secret.length < 16 || secret.length > 200 || /\s/.test(secret)) c.fail("secret", "INVALID_SECRET", { zh: "须为 16–200 个字符，不含空白", en: "must be 16–200 characters without spaces" });
  return secret;
}

/** The endpoint, for the caller (ADMIN of its organization), or null. */
export async function visibleWebhook(actor: Actor, id: string): Promise<Webhook | null> {
  if (!hasRole(actor.viewer, "ADMIN")) return null;
  const w = await actor.deps.store.webhooks.get(id);
  return w && w.orgId === actor.viewer.orgId ? w : null;
}

async function webhookOf(actor: Actor, id: string): Promise<Webhook> {
  requireAdmin(actor);
  const w = await actor.deps.store.webhooks.get(id);
  if (!w || w.orgId !== actor.viewer.orgId) throw new NotFoundError("Webhook", id);
  return w;
}

const targetsOf = (actor: Actor) => actor.deps.config.webhookTargets ?? "PUBLIC";

/** ADMIN registers an endpoint; in AWS it must be https to a public address (checked by resolving it now, and again at each delivery). */
type WebhookChange = "CREATED" | "UPDATED" | "SECRET_ROTATED" | "DELETED";

/**
 * Who pointed the organization's events where, on its timeline for good: an endpoint is a way for
 * data to leave. The URL without its query (partners put tokens there) is what the entry names.
 */
function audit(actor: Actor, w: Webhook, change: WebhookChange): Activity {
  const where = URL.canParse(w.url) ? `${new URL(w.url).origin}${new URL(w.url).pathname}` : w.url;
  return newActivity({ orgId: w.orgId, subjectType: "ORGANIZATION", subjectId: w.orgId, kind: "WEBHOOK_CHANGED", actorId: actor.viewer.id, decision: change, note: where }, actor.deps.clock.now());
}

export async function createWebhook(actor: Actor, input: WebhookInput): Promise<WebhookWithSecret> {
  requireAdmin(actor);
  const c = new Checker(LABELS);
  const events = checkEvents(c, input.events);
  const secret = checkSecret(c, input.secret);
  const description = c.text("description", input.description, { max: 200 }) ?? null;
  checkUrl(c, input.url);
  c.done();
  await checkTarget(input.url, targetsOf(actor));
  await refuseTakenUrl(actor, input.url.trim(), null);
  const now = actor.deps.clock.now();
  const id = newId(now);
  const w: Webhook = {
    id,
    orgId: actor.viewer.orgId,
    url: input.url.trim(),
    events,
    enabled: true,
    enabledAt: now.toISOString(),
    description,
    secretSealed: sealSecret(secret, id, actor.deps.config.webhookSecretKey),
    secretHint: secret.slice(-4),
    createdAt: now.toISOString(),
    createdBy: actor.viewer.id,
    updatedAt: now.toISOString(),
    version: 1,
  };
  markResult(id);
  try {
    await actor.deps.store.webhooks.save(w, null, null, audit(actor, w, "CREATED"));
  } catch (error) {
    if (error instanceof ConditionFailedError && error.failed.includes(WEBHOOK_URL_TAKEN)) throw new WebhookUrlTakenError();
    throw error;
  }
  return { ...w, secret };
}

async function saveVersion(actor: Actor, current: Webhook, expectedVersion: number, next: Webhook, change: WebhookChange): Promise<Webhook> {
  if (current.version !== expectedVersion) throw new VersionConflictError(current, current.version);
  try {
    await actor.deps.store.webhooks.save(next, current.version, current.url, audit(actor, next, change));
  } catch (error) {
    if (error instanceof ConditionFailedError && error.failed.includes(WEBHOOK_URL_TAKEN)) throw new WebhookUrlTakenError();
    const latest = await actor.deps.store.webhooks.get(current.id);
    if (latest && latest.version !== current.version) throw new VersionConflictError(latest, latest.version);
    throw error;
  }
  return next;
}

/** ADMIN changes the URL (checked again), the events, the description, or turns it off and on. */
export async function updateWebhook(actor: Actor, id: string, expectedVersion: number, patch: WebhookPatch): Promise<Webhook> {
  const current = await webhookOf(actor, id);
  const c = new Checker(LABELS);
  const events = patch.events ? checkEvents(c, patch.events) : current.events;
  const description = patch.description !== undefined ? (c.text("description", patch.description, { max: 200 }) ?? null) : current.description;
  if (patch.url != null) checkUrl(c, patch.url);
  c.done();
  if (patch.url != null) {
    await checkTarget(patch.url, targetsOf(actor));
    await refuseTakenUrl(actor, patch.url.trim(), current.id);
  }
  const now = actor.deps.clock.now().toISOString();
  const enabled = patch.enabled ?? current.enabled;
  // Turned on again: only events from now on are sent (older ones, pending or not yet fanned out, fail unsent).
  const enabledAt = enabled && !current.enabled ? now : current.enabledAt;
  const next: Webhook = { ...current, url: patch.url?.trim() || current.url, events, description, enabled, enabledAt, updatedAt: now, version: current.version + 1 };
  return saveVersion(actor, current, expectedVersion, next, "UPDATED");
}

/** A new secret (given or generated), shown once; deliveries from now on are signed with it. */
export async function rotateWebhookSecret(actor: Actor, id: string, expectedVersion: number, secret?: string | null): Promise<WebhookWithSecret> {
  const current = await webhookOf(actor, id);
  const c = new Checker(LABELS);
  const fresh = checkSecret(c, secret);
  c.done();
  const now = actor.deps.clock.now().toISOString();
  const next: Webhook = { ...current, secretSealed: sealSecret(fresh, id, actor.deps.config.webhookSecretKey), secretHint: fresh.slice(-4), updatedAt: now, version: current.version + 1 };
  return { ...(await saveVersion(actor, current, expectedVersion, next, "SECRET_ROTATED")), secret: fresh };
}

/** The endpoint goes; its pending deliveries fail at their next attempt, its history stays readable for 90 days by id. */
export async function deleteWebhook(actor: Actor, id: string): Promise<Webhook> {
  const w = await webhookOf(actor, id);
  await actor.deps.store.webhooks.remove(w, audit(actor, w, "DELETED"));
  return w;
}

export async function listWebhooks(actor: Actor): Promise<Webhook[]> {
  requireAdmin(actor);
  return actor.deps.store.webhooks.listByOrg(actor.viewer.orgId);
}

export async function webhookDeliveries(actor: Actor, webhookId: string, page: { first: number; after?: string | null }): Promise<Page<WebhookDelivery>> {
  await webhookOf(actor, webhookId);
  return actor.deps.store.webhooks.deliveries(webhookId, page);
}

/** Sends a delivery's event again (same event id and body, signed anew) as a new delivery with its own 24 hours of retries. */
export async function replayWebhookDelivery(actor: Actor, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
  const w = await webhookOf(actor, webhookId);
  const original = await actor.deps.store.webhooks.getDelivery(webhookId, deliveryId);
  if (!original) throw new NotFoundError("WebhookDelivery", deliveryId);
  if (!w.enabled) throw new WebhookDisabledError();
  const now = actor.deps.clock.now();
  const replay = newDelivery({ id: original.eventId, type: original.eventType }, w.id, w.orgId, original.body, {
    id: newId(now),
    now,
    giveUpAt: new Date(now.getTime() + RETRY_WINDOW_MS).toISOString(),
    replayOf: original.id,
  });
  await actor.deps.store.webhooks.createDelivery(replay);
  actor.deps.store.webhooks.kick();
  return replay;
}
