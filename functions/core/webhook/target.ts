import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isForbiddenAddress, isLoopbackAddress } from "./addresses";
import { WebhookUrlRefusedError } from "./errors";

/**
 * Where endpoints may point. PUBLIC (AWS, and the default): https to public addresses only.
 * LOCAL (`npm start`, tests): http too, and loopback (127.0.0.0/8, ::1, localhost) so a test can run
 * a receiver; every other address PUBLIC refuses (metadata, private, link-local…) stays refused.
 */
export type WebhookTargets = "PUBLIC" | "LOCAL";

/** A URL checked for a call: the address to connect to (the one checked, so a DNS answer that changes meanwhile is not used). */
export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** The longest URL an endpoint may have (checked as a field error before the URL is looked at). */
export const MAX_URL_LENGTH = 2000;

/**
 * The URL's form: http(s), a host, a port other than 0, no user name or password; https only in
 * PUBLIC. The WHATWG parser normalizes the host (0x7f000001 and 127.1 become 127.0.0.1), so the
 * address check sees the address a connection would reach.
 */
export function parseTarget(raw: string, targets: WebhookTargets): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WebhookUrlRefusedError("INVALID_URL", raw);
  }
  // "http:///path": the parser would take "path" for the host; the user left the host out.
  const hostLeftOut = /^[a-z][a-z0-9+.-]*:\/\/\//i.test(raw.trim());
  if (!["http:", "https:"].includes(url.protocol) || !url.hostname || hostLeftOut || url.port === "0" || url.username || url.password || raw.length > MAX_URL_LENGTH) throw new WebhookUrlRefusedError("INVALID_URL", raw);
  if (targets === "PUBLIC" && url.protocol !== "https:") throw new WebhookUrlRefusedError("NOT_HTTPS", raw);
  return url;
}

/**
 * Resolves the host and refuses it when any of its addresses is private, loopback (allowed in LOCAL),
 * link-local, unique-local, CGNAT or metadata (one bad answer among good ones is how rebinding hides).
 * Called at registration and again before every attempt.
 */
export async function checkTarget(raw: string, targets: WebhookTargets): Promise<CheckedTarget> {
  const url = parseTarget(raw, targets);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new WebhookUrlRefusedError("UNRESOLVABLE", raw);
    }
  }
  if (!addresses.length) throw new WebhookUrlRefusedError("UNRESOLVABLE", raw);
  const allowed = (address: string) => !isForbiddenAddress(address) || (targets === "LOCAL" && isLoopbackAddress(address));
  if (!addresses.every((a) => allowed(a.address))) throw new WebhookUrlRefusedError("FORBIDDEN_ADDRESS", raw);
  return { url, address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}
