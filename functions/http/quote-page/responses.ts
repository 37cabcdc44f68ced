import type { APIGatewayProxyResultV2 } from "aws-lambda";
import type { QuoteSend } from "../../core/quote-delivery/model";
import type { Heartbeat } from "../../core/quote-tracking";

/**
 * Only the page's own files: pdf.js runs its worker from /q/assets/ ('self'), draws on canvases and
 * loads the PDF's embedded font through the Font Loading API (data: for its @font-face fallback).
 * Nothing inline, no eval, no frames, forms post back here only.
 */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Customer data: never cached anywhere, never indexed, never named to another site. */
const PRIVATE = { "cache-control": "no-store", "referrer-policy": "no-referrer", "x-robots-tag": "noindex, nofollow", "x-content-type-options": "nosniff" };

/** Never framed by another site (the Accept button under someone else's page): the CSP, and X-Frame-Options for old browsers. */
export const PAGE_HEADERS = { "content-type": "text/html; charset=utf-8", "content-security-policy": PAGE_CSP, "x-frame-options": "DENY", ...PRIVATE };

export const htmlPage = (body: string): APIGatewayProxyResultV2 => ({ statusCode: 200, headers: PAGE_HEADERS, body });

/** Unknown, altered or expired: one answer for all, saying nothing about why. */
export const NOT_FOUND: APIGatewayProxyResultV2 = {
  statusCode: 404,
  headers: PAGE_HEADERS,
  body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>链接无效</title></head><body><p>链接无效，请使用最新邮件中的链接。/ This link is not valid; please use the one in the latest email.</p></body></html>`,
};

export const methodNotAllowed = (allow: string): APIGatewayProxyResultV2 => ({ statusCode: 405, headers: { allow, ...PRIVATE }, body: "" });

export const empty = (statusCode: number, headers: Record<string, string> = {}): APIGatewayProxyResultV2 => ({ statusCode, headers: { ...PRIVATE, ...headers }, body: "" });

/** The same answer without a body, as HEAD wants it. */
export const headOf = (res: APIGatewayProxyResultV2): APIGatewayProxyResultV2 =>
  typeof res === "string" ? { statusCode: 200, body: "" } : { ...res, body: "", isBase64Encoded: false };

/** "报价单-Q-2026-0001-v1.pdf": RFC 6266 with an ASCII fallback name for old clients. */
function disposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "").replace(/^[-_ .]+/, "") || "quote.pdf";
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The archived bytes the customer was sent: inline for the page's viewer, an attachment for the download button. */
export const pdfResponse = (send: QuoteSend, bytes: Buffer, download: boolean): APIGatewayProxyResultV2 => ({
  statusCode: 200,
  headers: {
    ...PRIVATE,
    "content-type": "application/pdf",
    "content-disposition": disposition(download ? "attachment" : "inline", send.pdfFileName),
    // Not inside another site's frame either, as the page that shows it.
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    etag: `"${send.pdfSha256}"`,
  },
  body: bytes.toString("base64"),
  isBase64Encoded: true,
});

/** A beat is small; anything larger is not from the page. */
const MAX_BEAT_BYTES = 1024;
const MAX_PAGES = 1000;

/**
 * The page's heartbeat: JSON from fetch, or the same JSON as text/plain from navigator.sendBeacon.
 * Null for anything else (the caller answers 400 and records nothing).
 */
export function parseHeartbeat(body: string | undefined, isBase64Encoded: boolean, contentType: string): Heartbeat | null {
  if (!/^(application\/json|text\/plain)\b/i.test(contentType.trim())) return null;
  const raw = body ? (isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body) : "";
  if (!raw || raw.length > MAX_BEAT_BYTES) return null;
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!v || typeof v !== "object") return null;
  const { visitToken, page, pageCount, final } = v;
  if (typeof visitToken !== "string" || !visitToken || visitToken.length > 200) return null;
  if (!Number.isInteger(pageCount) || (pageCount as number) < 1 || (pageCount as number) > MAX_PAGES) return null;
  if (!Number.isInteger(page) || (page as number) < 1 || (page as number) > (pageCount as number)) return null;
  if (final !== undefined && typeof final !== "boolean") return null;
  return { visitToken, page: page as number, pageCount: pageCount as number, final: final === true };
}
