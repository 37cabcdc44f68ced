import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Signing secrets are sealed with AES-256-GCM under a key that is not in the table (WEBHOOK_SECRET_KEY:
 * a generated Secrets Manager secret in AWS, resolved into the functions' environment at deploy),
 * bound to their endpoint's id: a table export or backup holds no secret a reader could sign with,
 * and a sealed secret copied onto another endpoint does not open.
 * Without a configured key (npm start, tests) a fixed development key is used.
 */
const DEV_KEY = createHash("sha256").update("sales-local-webhook-secrets").digest();

/** Any configured text (the generated secret) stretched to a 256-bit key. */
const keyOf = (configured: string | undefined) => (configured ? createHash("sha256").update(configured).digest() : DEV_KEY);

export function sealSecret(secret: string, webhookId: string, configured?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(configured), iv).setAAD(Buffer.from(webhookId));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function openSecret(sealed: string, webhookId: string, configured?: string): string {
  const [v, iv, tag, body] = sealed.split(".");
  if (v !== "v1") throw new Error("Unknown sealed secret format");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(configured), Buffer.from(iv, "base64url")).setAAD(Buffer.from(webhookId));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
