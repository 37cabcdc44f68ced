import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { Deps } from "../core/actor";
import { DomainError, ValidationError } from "../core/errors";
import { escapeHtml, pick } from "../core/format";
import { acceptQuote, QuoteAcceptedNoChangesError, QuoteAlreadyAcceptedError, QuoteNotAcceptableError, requestQuoteChanges, sendOfLink } from "../core/quote-response";
import { TooManyChangeRequestsError } from "../core/quote-response/change-limit";
import type { Locale } from "../core/text";

/** A form of three short fields: anything much larger is not one. */
const MAX_BODY_BYTES = 32 * 1024;

const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "x-robots-tag": "noindex",
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'self'; script-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

const FIELD_LABELS: Record<string, [string, string]> = { name: ["姓名", "Name"], title: ["职务", "Title"], comment: ["意见", "Comment"] };

function page(statusCode: number, l: Locale, viewId: string | null, title: string, lines: string[]): APIGatewayProxyResultV2 {
  const back = viewId ? `<p><a href="../${escapeHtml(encodeURIComponent(viewId))}">${pick(l, "返回报价", "Back to the quote")}</a></p>` : "";
  const body = `<!doctype html><html lang="${l === "en" ? "en" : "zh-CN"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${lines.map((t) => `<p>${escapeHtml(t)}</p>`).join("")}${back}</main></body></html>`;
  return { statusCode, headers: HEADERS, body };
}

const header = (event: APIGatewayProxyEventV2, name: string) => event.headers?.[name] ?? event.headers?.[name.replace(/(^|-)[a-z]/g, (m) => m.toUpperCase())];

/**
 * A form posted from another site's page (a forged answer riding on a visitor who holds the link):
 * the browser says so in Sec-Fetch-Site, or in an Origin that is not this site's. The page's own
 * forms send "same-origin", and Origin "null" (the page's no-referrer policy), which says nothing
 * either way; clients that send neither (curl, old browsers) are not judged by it.
 */
function fromElsewhere(deps: Deps, event: APIGatewayProxyEventV2): boolean {
  const site = header(event, "sec-fetch-site")?.toLowerCase();
  if (site === "cross-site" || site === "same-site") return true;
  const origin = header(event, "origin");
  if (!origin || origin === "null") return false;
  const ours = new Set([new URL(deps.config.publicUrl).origin]);
  const host = header(event, "host") ?? event.requestContext.domainName;
  if (host) {
    ours.add(`https://${host}`);
    ours.add(`http://${host}`);
  }
  return !ours.has(origin.toLowerCase().replace(/\/$/, ""));
}

/** The form's fields: urlencoded as browsers post them, or JSON. */
function fieldsOf(event: APIGatewayProxyEventV2): Record<string, string> | null {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body) : "";
  const type = (event.headers?.["content-type"] ?? event.headers?.["Content-Type"] ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    try {
      const parsed: unknown = JSON.parse(raw || "{}");
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
      return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === "string")) as Record<string, string>;
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * POST /q/{link}/accept (name, title, optional comment) and POST /q/{link}/changes (comment): the
 * customer's answer to the quote the link carries, recorded with the time, IP and user agent. Done:
 * 303 back to the page, which shows where the quote stands. Refused: a page saying why (409), what
 * to fill in (422), that the text is too long (413), that the link asked enough for a day (429),
 * or that the form was posted from another site (403), in the customer's language. Nothing happens on GET.
 */
export async function quoteResponseRoute(deps: Deps, event: APIGatewayProxyEventV2, viewId: string, action: "accept" | "changes"): Promise<APIGatewayProxyResultV2> {
  if (event.requestContext.http.method !== "POST") return { statusCode: 405, headers: { ...HEADERS, allow: "POST" }, body: "" };
  const send = await sendOfLink(deps, viewId);
  if (!send) return page(404, "zh-CN", null, "链接无效 / Link not valid", ["链接无效，请使用最新邮件中的链接。", "This link is not valid; please use the one in the latest email."]);
  const l: Locale = send.locale === "en" ? "en" : "zh-CN";
  if (fromElsewhere(deps, event)) {
    return page(403, l, viewId, pick(l, "请在报价页面上提交", "Please answer on the quote page"), [
      pick(l, "此答复来自其他网站，未被记录。请打开邮件中的报价链接，在报价页面上接受报价或提出修改意见。", "This answer came from another website and was not recorded. Please open the quote through the link in the email and answer on its page."),
    ]);
  }
  const size = Buffer.byteLength(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
  if (size > MAX_BODY_BYTES) {
    return page(413, l, viewId, pick(l, "提交的内容过长", "What was sent is too long"), [
      pick(l, "提交的内容过长（意见不能超过2000个字符，姓名和职务各不能超过50个字符），请返回报价页面删减后重新提交。", "What was sent is too long (a comment may have at most 2,000 characters, a name and a title 50 each); please go back to the quote, shorten it and send it again."),
    ]);
  }
  const fields = fieldsOf(event);
  if (!fields) return page(400, l, viewId, pick(l, "无法处理的请求", "Request not understood"), [pick(l, "提交的内容无法识别，请返回报价页面重新填写。", "What was sent could not be read; please go back to the quote and fill in the form again.")]);
  const client = { ip: event.requestContext.http.sourceIp ?? null, userAgent: event.requestContext.http.userAgent ?? event.headers?.["user-agent"] ?? null };
  try {
    if (action === "accept") await acceptQuote(deps, send, { name: fields.name, title: fields.title, comment: fields.comment }, client);
    else await requestQuoteChanges(deps, send, { comment: fields.comment }, client);
  } catch (error) {
    if (error instanceof ValidationError) {
      const lines = error.issues.map((i) => {
        const [zh, en] = FIELD_LABELS[i.path[0]] ?? [i.path[0], i.path[0]];
        return pick(l, `${zh}：${i.text.zh}`, `${en}: ${i.text.en}`);
      });
      return page(422, l, viewId, pick(l, "请补全后再提交", "Please complete the form"), lines);
    }
    if (error instanceof TooManyChangeRequestsError) {
      return page(429, l, viewId, pick(l, "修改意见已达今日上限", "Too many change requests today"), [pick(l, error.text.zh, error.text.en)]);
    }
    if (error instanceof QuoteNotAcceptableError || error instanceof QuoteAlreadyAcceptedError || error instanceof QuoteAcceptedNoChangesError) {
      const title = error instanceof QuoteNotAcceptableError ? pick(l, "该报价不能再答复", "This quote can no longer be answered") : pick(l, "报价已被接受", "The quote has been accepted");
      return page(409, l, viewId, title, [pick(l, (error as DomainError).text.zh, (error as DomainError).text.en)]);
    }
    throw error;
  }
  return { statusCode: 303, headers: { ...HEADERS, location: `${deps.config.publicUrl}/q/${encodeURIComponent(viewId)}` }, body: "" };
}
