import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { Deps } from "../core/actor";
import { recordHeartbeat, recordOpening, type ViewRequest } from "../core/quote-tracking";
import { assetResponse } from "./quote-page/assets";
import { expiredPage, type LinkState, linkState } from "./quote-page/link";
import { quotePageHtml } from "./quote-page/page";
import { empty, headOf, htmlPage, methodNotAllowed, NOT_FOUND, parseHeartbeat, pdfResponse } from "./quote-page/responses";
import { quoteResponseRoute } from "./quote-response";

/** What an unknown or expired link answers instead (HEAD: the same without a body). */
async function notLive(deps: Deps, link: Exclude<LinkState, { state: "LIVE" }>, method: string): Promise<APIGatewayProxyResultV2> {
  const res = link.state === "EXPIRED" ? await expiredPage(deps, link.send, link.validUntil) : NOT_FOUND;
  return method === "HEAD" ? headOf(res) : res;
}

/** To /q/{segments} on this site; nothing is looked up or recorded on the way. */
function redirect(statusCode: 301 | 303, deps: Deps, segments: (string | undefined)[], query = ""): APIGatewayProxyResultV2 {
  const path = segments.filter((s): s is string => !!s).map(encodeURIComponent).join("/");
  return empty(statusCode, { location: `${deps.config.publicUrl}/q/${path}${query ? `?${query}` : ""}` });
}

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

const viewRequest = (event: APIGatewayProxyEventV2, method: ViewRequest["method"]): ViewRequest => ({
  method,
  ip: event.requestContext.http.sourceIp ?? "",
  userAgent: event.requestContext.http.userAgent ?? event.headers?.["user-agent"] ?? "",
});

/**
 * The customer's side of a sent quote, behind the link in the email (the link is the credential):
 *   GET  /q/{link}          the page (records the opening: human, machine or internal is TRACKING's call)
 *   HEAD /q/{link}          records a machine opening, no body
 *   GET  /q/{link}/pdf      the archived PDF (?download=1 as an attachment)
 *   POST /q/{link}/events   the page's heartbeats (dwell per page)
 *   POST /q/{link}/accept   and /changes: the customer's answer (GET, HEAD: 303 back to the page)
 *   GET  /q/assets/{name}   the page's script, style and pdf.js
 * Mail scanners fetch and render links: no GET changes anything but the record of the opening.
 * "/q/{link}/" and the like answer 301 to the path without the slash (the page's URLs are relative).
 * A link past its revision's validity plus LINK_GRACE_DAYS answers 410 and records nothing; heartbeats
 * are not checked (a page opened in time may finish its last beats).
 */
export function quoteViewHandler(deps: Deps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
    const method = event.requestContext.http.method.toUpperCase();
    const segments = event.rawPath.split("/").filter(Boolean);
    const [first, second, ...rest] = segments.slice(segments.indexOf("q") + 1).map(decoded);
    if (!first || rest.length || second === null) return NOT_FOUND;
    // "/q/{link}/" (a mail rewriter's or chat app's slash): the page's relative URLs would resolve under the link.
    if (event.rawPath.endsWith("/") && first !== "assets" && (method === "GET" || method === "HEAD")) {
      return redirect(301, deps, [first, second], event.rawQueryString);
    }

    if (first === "assets") {
      if (method !== "GET" && method !== "HEAD") return methodNotAllowed("GET, HEAD");
      const res = second ? assetResponse(second, event.headers?.["accept-encoding"] ?? "") : null;
      if (!res) return empty(404);
      return method === "HEAD" ? headOf(res) : res;
    }

    const viewId = first;
    switch (second) {
      case undefined: {
        if (method !== "GET" && method !== "HEAD") return methodNotAllowed("GET, HEAD");
        const link = await linkState(deps, viewId);
        if (link.state !== "LIVE") return notLive(deps, link, method);
        const opening = await recordOpening(deps, viewId, viewRequest(event, method));
        if (!opening) return method === "HEAD" ? headOf(NOT_FOUND) : NOT_FOUND;
        if (method === "HEAD") return headOf(htmlPage(""));
        return htmlPage(await quotePageHtml(deps, opening.send, viewId, opening.visitToken));
      }
      case "pdf": {
        if (method !== "GET" && method !== "HEAD") return methodNotAllowed("GET, HEAD");
        const link = await linkState(deps, viewId);
        if (link.state !== "LIVE") return notLive(deps, link, method);
        const bytes = await deps.files.get(link.send.pdfKey);
        if (!bytes) throw new Error(`The archived PDF of send ${link.send.id} is missing (${link.send.pdfKey})`);
        const res = pdfResponse(link.send, bytes, new URLSearchParams(event.rawQueryString ?? "").has("download"));
        return method === "HEAD" ? headOf(res) : res;
      }
      case "events": {
        if (method !== "POST") return methodNotAllowed("POST");
        const beat = parseHeartbeat(event.body, event.isBase64Encoded, event.headers?.["content-type"] ?? "");
        if (!beat) return empty(400);
        return empty((await recordHeartbeat(deps, viewId, viewRequest(event, "POST"), beat)) ? 204 : 404);
      }
      case "accept":
      case "changes": {
        // The answer's URL opened again (reloaded, bookmarked, typed): back to the page, which shows where the quote stands.
        if (method === "GET" || method === "HEAD") return redirect(303, deps, [viewId]);
        if (method !== "POST") return methodNotAllowed("POST");
        const link = await linkState(deps, viewId);
        if (link.state !== "LIVE") return notLive(deps, link, method);
        return quoteResponseRoute(deps, event, viewId, second);
      }
      default:
        return NOT_FOUND;
    }
  };
}
