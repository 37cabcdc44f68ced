import { createHmac } from "node:crypto";

/** The headers every delivery carries (schema/webhook.ts and the README describe them for receivers). */
export const SIGNATURE_HEADER = "X-Signature";
export const EVENT_ID_HEADER = "X-Webhook-Id";
export const EVENT_TYPE_HEADER = "X-Webhook-Event";

/**
 * As Stripe signs: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the endpoint's
 * secret. The receiver recomputes it over the raw body, compares in constant time, and refuses a
 * `t` more than a few minutes old (a replayed capture); a retry or a replay is signed anew.
 */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}
