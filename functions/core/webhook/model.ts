import type { WebhookEventType } from "./events";

/** An endpoint a partner system listens on. */
export interface Webhook {
  id: string;
  orgId: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  /** When it was last turned on (absent on endpoints never turned off): events before it are not sent. */
  enabledAt?: string | null;
  description: string | null;
  /** The signing secret sealed (AES-256-GCM, seal.ts): the table and its backups never hold it in clear. */
  secretSealed: string;
  /** Its last four characters, so an admin can tell which secret a receiver holds. */
  secretHint: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}

export const DELIVERY_STATUSES = ["PENDING", "DELIVERED", "FAILED"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One POST to the endpoint. */
export interface DeliveryAttempt {
  at: string;
  /** null: no answer (refused connection, timeout, an address refused at delivery). */
  statusCode: number | null;
  error: string | null;
  /** The first 500 characters of the answer. */
  responseSnippet: string | null;
  durationMs: number;
}

/** One event for one endpoint: the body is frozen when the event is fanned out, so every attempt and replay sends the same. */
export interface WebhookDelivery {
  /** Time-ordered: the event's id without `evt_` for the first delivery, a fresh id for a replay. */
  id: string;
  webhookId: string;
  orgId: string;
  eventId: string;
  eventType: WebhookEventType;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  attemptLog: DeliveryAttempt[];
  nextAttemptAt: string | null;
  /** After this instant a failed attempt is the last (24 hours after the event, or after the replay). */
  giveUpAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  responseSnippet: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** A replay: the delivery it sends again. */
  replayOf: string | null;
  /** Who held the current attempt, until when (store/webhooks.ts `claim`). */
  claimedUntil?: string;
}

/** Retries: 1 minute, doubling, jittered ±20 %, for 24 hours; each attempt waits at most 10 seconds. */
export const RETRY_WINDOW_MS = 24 * 3_600_000;
export const FIRST_RETRY_MS = 60_000;
export const ATTEMPT_TIMEOUT_MS = 10_000;
/** How long a dispatcher holds an attempt: the timeout plus the DNS lookup and the write. */
export const CLAIM_MS = 60_000;
