import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { Deps } from "../core/actor";
import { DomainError, ValidationError } from "../core/errors";
import { escapeHtml, pick } from "../core/format";
import { acceptQuote, QuoteAcceptedNoChangesError, QuoteAlreadyAcceptedError, QuoteNotAcceptableError, requestQuoteChanges, sendOfLink } from "../core/quote-response";
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
};

const FIELD_LABELS: Record<string, [string, string]> = { name: ["姓名", "Name"], title: ["职务", "Title"], comment: ["意见", "Comment"] };

function page(statusCode: number, l: Locale, viewId: string | null, title: string, lines: string[]): APIGatewayProxyResultV2 {
  const back = viewId ? `<p><a href="../${escapeHtml(encodeURIComponent(viewId))}">${pick(l, "返回报价", "Back to the quote")}</a></p>` : "";
  const body = `<!doctype html><html lang="${l === "en" ? "en" : "zh-CN"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${lines.map((t) => `<p>${escapeHtml(t)}</p>`).join("")}${back}</main></body></html>`;
  return { statusCode, headers: HEADERS, body };
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
 * 303 back to the page, which shows where the quote stands. Refused: a page saying why (409), or
 * what to fill in (422), in the customer's language. Nothing happens on GET.
 */
export async function quoteResponseRoute(deps: Deps, event: APIGatewayProxyEventV2, viewId: string, action: "accept" | "changes"): Promise<APIGatewayProxyResultV2> {
  if (event.requestContext.http.method !== "POST") return { statusCode: 405, headers: { ...HEADERS, allow: "POST" }, body: "" };
  const send = await sendOfLink(deps, viewId);
  if (!send) return page(404, "zh-CN", null, "链接无效 / Link not valid", ["链接无效，请使用最新邮件中的链接。", "This link is not valid; please use the one in the latest email."]);
  const l: Locale = send.locale === "en" ? "en" : "zh-CN";
  const size = Buffer.byteLength(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
  const fields = size > MAX_BODY_BYTES ? null : fieldsOf(event);
  if (!fields) return page(size > MAX_BODY_BYTES ? 413 : 400, l, viewId, pick(l, "无法处理的请求", "Request not understood"), [pick(l, "提交的内容无法识别，请返回报价页面重新填写。", "What was sent could not be read; please go back to the quote and fill in the form again.")]);
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
    if (error instanceof QuoteNotAcceptableError || error instanceof QuoteAlreadyAcceptedError || error instanceof QuoteAcceptedNoChangesError) {
      const title = error instanceof QuoteNotAcceptableError ? pick(l, "该报价不能再答复", "This quote can no longer be answered") : pick(l, "报价已被接受", "The quote has been accepted");
      return page(409, l, viewId, title, [pick(l, (error as DomainError).text.zh, (error as DomainError).text.en)]);
    }
    throw error;
  }
  return { statusCode: 303, headers: { ...HEADERS, location: `${deps.config.publicUrl}/q/${encodeURIComponent(viewId)}` }, body: "" };
}
