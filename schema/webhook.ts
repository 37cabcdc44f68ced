import * as Webhooks from "../functions/core/webhook";
import type { DeliveryAttempt, Webhook, WebhookDelivery } from "../functions/core/webhook";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { COMMON_ERRORS, ErrorInterface, queryErrors } from "./errors";
import { IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_DESCRIPTION, idempotently } from "./idempotency";
import { inputId } from "./ids";
import { deliveryErrorText } from "../functions/core/webhook/delivery-errors";
import { VersionConflictError } from "../functions/core/errors";

const SIGNING =
  "Each delivery is a POST of JSON `{ id, type, occurredAt, orgId, data }` (`id` is the event's, stable across retries and replays: dedupe on it; `data` holds the record's public fields, never costs, margins or private notes) with headers `X-Webhook-Id` (the event id), `X-Webhook-Event` (its type) and `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" keyed with the endpoint's secret>` (as Stripe signs). Verify over the raw body, compare in constant time, refuse a `t` older than 5 minutes. Answer 2xx within 10 s; anything else (a redirect too) is retried after about 1, 2, 4, 8… minutes (±20 %) for 24 hours, then FAILED.";

const EVENT_VALUES = Object.fromEntries(Webhooks.WEBHOOK_EVENT_TYPES.map((v) => [v.replace(".", "_").toUpperCase(), { value: v, description: `\`${v}\`` }]));
export const WebhookEventTypeEnum = builder.enumType("WebhookEventType", {
  description: "What an endpoint subscribes to; the payload's `type` is the value in lower case with a dot (CUSTOMER_CREATED: `customer.created`).",
  values: EVENT_VALUES as Record<string, { value: Webhooks.WebhookEventType; description: string }>,
});
const DeliveryStatusEnum = builder.enumType("WebhookDeliveryStatus", { values: Webhooks.DELIVERY_STATUSES });
const UrlRefusalEnum = builder.enumType("WebhookUrlRefusal", { values: Webhooks.URL_REFUSALS });

const WebhookRef = builder.objectRef<Webhook>("Webhook").implement({
  description: `An endpoint a partner system listens on (ADMIN). ${SIGNING}`,
  fields: (t) => ({
    id: t.globalID({ resolve: (w) => ({ type: "Webhook", id: w.id }) }),
    url: t.exposeString("url"),
    events: t.field({ type: [WebhookEventTypeEnum], resolve: (w) => w.events }),
    enabled: t.exposeBoolean("enabled"),
    description: t.exposeString("description", { nullable: true }),
    secretHint: t.exposeString("secretHint", { description: "The secret's last four characters (the secret itself is shown once, when set)." }),
    createdAt: t.field({ type: "DateTime", resolve: (w) => w.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (w) => w.updatedAt }),
    version: t.exposeInt("version"),
  }),
});

const WebhookSecretRef = builder.objectRef<{ webhook: Webhook; secret: string | null }>("WebhookWithSecret").implement({
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, resolve: (r) => r.webhook }),
    secret: t.exposeString("secret", { nullable: true, description: "The signing secret, shown only in this answer (null when an idempotent retry returns the first result): store it now." }),
  }),
});

const AttemptRef = builder.objectRef<DeliveryAttempt>("WebhookDeliveryAttempt").implement({
  fields: (t) => ({
    at: t.field({ type: "DateTime", resolve: (a) => a.at }),
    statusCode: t.exposeInt("statusCode", { nullable: true, description: "null: no answer (connection refused, timed out, address refused)." }),
    error: t.string({ nullable: true, resolve: (a, _, ctx) => deliveryErrorText(a.error, ctx.locale) }),
    durationMs: t.exposeInt("durationMs"),
  }),
});

const deliveryGid = (d: WebhookDelivery) => `${d.webhookId}/${d.id}`;

const DeliveryRef = builder.objectRef<WebhookDelivery>("WebhookDelivery").implement({
  description: "One event sent to one endpoint, with every attempt.",
  fields: (t) => ({
    id: t.globalID({ resolve: (d) => ({ type: "WebhookDelivery", id: deliveryGid(d) }) }),
    eventId: t.exposeString("eventId", { description: "The payload's `id` and the X-Webhook-Id header: the same for retries and replays." }),
    eventType: t.field({ type: WebhookEventTypeEnum, resolve: (d) => d.eventType }),
    status: t.field({ type: DeliveryStatusEnum, resolve: (d) => d.status }),
    attempts: t.exposeInt("attempts"),
    statusCode: t.int({ nullable: true, description: "The last attempt's HTTP status.", resolve: (d) => d.lastStatusCode }),
    lastError: t.string({ nullable: true, resolve: (d, _, ctx) => deliveryErrorText(d.lastError, ctx.locale) }),
    responseSnippet: t.exposeString("responseSnippet", { nullable: true, description: "The first 500 characters of the last answer." }),
    nextAttemptAt: t.field({ type: "DateTime", nullable: true, resolve: (d) => d.nextAttemptAt }),
    createdAt: t.field({ type: "DateTime", resolve: (d) => d.createdAt }),
    finishedAt: t.field({ type: "DateTime", nullable: true, resolve: (d) => d.finishedAt }),
    attemptLog: t.field({ type: [AttemptRef], resolve: (d) => d.attemptLog ?? [] }),
    payload: t.exposeString("body", { description: "The JSON body sent." }),
    replayOf: t.globalID({ nullable: true, description: "The delivery this one replays.", resolve: (d) => (d.replayOf ? { type: "WebhookDelivery", id: `${d.webhookId}/${d.replayOf}` } : null) }),
  }),
});

builder.objectType(Webhooks.WebhookUrlRefusedError, {
  name: "WebhookUrlRefusedError",
  description: "The endpoint may not be called (locally loopback is allowed, nothing else AWS refuses): in AWS only https to public addresses (never private, loopback, link-local, unique-local, CGNAT or metadata ones, checked on every address the name resolves to).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ reason: t.field({ type: UrlRefusalEnum, resolve: (e) => e.reason }), url: t.exposeString("url") }),
});
builder.objectType(Webhooks.WebhookUrlTakenError, { name: "WebhookUrlTakenError", description: "The organization already has an endpoint with this URL.", interfaces: [ErrorInterface] });
builder.objectType(Webhooks.WebhookDisabledError, { name: "WebhookDisabledError", description: "The endpoint is disabled; enable it first.", interfaces: [ErrorInterface] });

builder.queryFields((t) => ({
  webhooks: t.field({
    type: [WebhookRef],
    description: "ADMIN: the organization's webhook endpoints.",
    resolve: (_, __, ctx) => queryErrors(ctx, () => Webhooks.listWebhooks(ctx.actor)),
  }),
  webhookDeliveries: t.connection(
    {
      type: DeliveryRef,
      description: "ADMIN: an endpoint's deliveries, newest first.",
      args: { webhookId: t.arg.id({ required: true }) },
      resolve: (_, args, ctx) =>
        queryErrors(ctx, async () => listConnection(args, ctx, "webhookDeliveries", (page) => Webhooks.webhookDeliveries(ctx.actor, inputId(String(args.webhookId), "Webhook", "webhookId"), page))),
    },
    { name: "WebhookDeliveryConnection" },
    { name: "WebhookDeliveryEdge" },
  ),
}));

const CreateWebhookInput = builder.inputType("CreateWebhookInput", {
  fields: (t) => ({
    url: t.string({ required: true, description: "At most 2000 characters. https in AWS, to a public address; locally http, and loopback (127.0.0.0/8, ::1, localhost), are allowed too; every other address refused in AWS is refused locally as well. One endpoint per URL in an organization." }),
    events: t.field({ type: [WebhookEventTypeEnum], required: true }),
    secret: t.string({ description: "16–200 characters; absent: one is generated and returned once." }),
    description: t.string({ description: "At most 200 characters." }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const UpdateWebhookInput = builder.inputType("UpdateWebhookInput", {
  description: "Changes the given fields.",
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    url: t.string({ description: "A new URL, checked as at creation; an empty one is refused." }),
    events: t.field({ type: [WebhookEventTypeEnum] }),
    enabled: t.boolean({ description: "false: nothing is sent: deliveries still pending fail unsent at their next turn (no attempt counted). true: only events that occur from now on are sent; none from before, pending or not." }),
    description: t.string(),
  }),
});

type Created = { webhook: Webhook; secret: string | null };
const webhookId = (id: string | number) => inputId(String(id), "Webhook", "id");
const URL_ERRORS = [...COMMON_ERRORS, Webhooks.WebhookUrlRefusedError, Webhooks.WebhookUrlTakenError];

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: WebhookSecretRef,
    description: `ADMIN registers an endpoint. ${SIGNING}`,
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    errors: { types: [...URL_ERRORS, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently<typeof input, Created>(
        ctx,
        "createWebhook",
        input,
        { idOf: (r) => r.webhook.id, load: async (id) => ((w) => (w ? { webhook: w, secret: null } : null))(await Webhooks.visibleWebhook(ctx.actor, id)) },
        async (i) => ((w) => ({ webhook: w, secret: w.secret }))(await Webhooks.createWebhook(ctx.actor, { ...i, events: i.events })),
      ),
  }),
  updateWebhook: t.field({
    type: WebhookRef,
    description: "ADMIN: URL (checked again), events, description, enabled.",
    args: { input: t.arg({ type: UpdateWebhookInput, required: true }) },
    errors: { types: [...URL_ERRORS, VersionConflictError] },
    resolve: (_, { input: { id, expectedVersion, ...patch } }, ctx) => Webhooks.updateWebhook(ctx.actor, webhookId(id), expectedVersion, patch),
  }),
  rotateWebhookSecret: t.field({
    type: WebhookSecretRef,
    description: "ADMIN: a new signing secret (given, or generated and shown once); the old one stops signing at once.",
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true }), secret: t.arg.string() },
    errors: { types: [...COMMON_ERRORS, VersionConflictError] },
    resolve: async (_, args, ctx) => ((w) => ({ webhook: w, secret: w.secret }))(await Webhooks.rotateWebhookSecret(ctx.actor, webhookId(args.id), args.expectedVersion, args.secret)),
  }),
  deleteWebhook: t.field({
    type: WebhookRef,
    description: "ADMIN: removes the endpoint; nothing more is sent to it.",
    args: { id: t.arg.id({ required: true }) },
    errors: { types: COMMON_ERRORS },
    resolve: (_, args, ctx) => Webhooks.deleteWebhook(ctx.actor, webhookId(args.id)),
  }),
  replayWebhookDelivery: t.field({
    type: DeliveryRef,
    description: "ADMIN: sends a delivery's event again (same event id and body, signed anew) as a new delivery with its own retries.",
    args: { id: t.arg.id({ required: true, description: "The WebhookDelivery's id." }) },
    errors: { types: [...COMMON_ERRORS, Webhooks.WebhookDisabledError] },
    resolve: (_, args, ctx) => {
      const [hook, delivery] = inputId(String(args.id), "WebhookDelivery", "id").split("/");
      return Webhooks.replayWebhookDelivery(ctx.actor, hook, delivery ?? "");
    },
  }),
}));
