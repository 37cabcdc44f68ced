import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { Deps } from "../core/actor";
import { openQuoteView } from "../core/quote-delivery/view";

const NOT_FOUND: APIGatewayProxyResultV2 = {
  statusCode: 404,
  headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-robots-tag": "noindex" },
  body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>链接无效</title></head><body><p>链接无效，请使用最新邮件中的链接。/ This link is not valid; please use the one in the latest email.</p></body></html>`,
};

/** GET /q/{link}: the quote a customer was emailed, recorded as viewed, through a short-lived download URL. */
export function quoteViewHandler(deps: Deps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
    const method = event.requestContext.http.method;
    if (method !== "GET") return { statusCode: 405, headers: { allow: "GET" }, body: "" };
    const url = await openQuoteView(deps, decodeURIComponent(event.rawPath.split("/").filter(Boolean).at(-1) ?? ""), event.requestContext.http.userAgent ?? "");
    return url ? { statusCode: 302, headers: { location: url, "cache-control": "no-store", "referrer-policy": "no-referrer", "x-robots-tag": "noindex" }, body: "" } : NOT_FOUND;
  };
}
