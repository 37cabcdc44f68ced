import type { APIGatewayProxyResultV2 } from "aws-lambda";
import type { Deps } from "../../core/actor";
import { escapeHtml, pick } from "../../core/format";
import { addDays, localDay } from "../../core/local-day";
import type { QuoteSend } from "../../core/quote-delivery/model";
import { sendOfLink } from "../../core/quote-delivery/send";
import { PAGE_HEADERS } from "./responses";

/**
 * A view link lives while its revision is valid and this long after: a customer who comes back late
 * still sees what they were sent and can ask for an updated quote; after it, the link shows nothing.
 */
export const LINK_GRACE_DAYS = 30;
/** The PDF's own default validity when the revision names none (document.ts, counted there from the approval day). */
const DEFAULT_VALID_DAYS = 30;

export type LinkState = { state: "UNKNOWN" } | { state: "LIVE"; send: QuoteSend } | { state: "EXPIRED"; send: QuoteSend; validUntil: string };

/** The send behind a link and whether the link still opens (no opening recorded: GET of the page does that). */
export async function linkState(deps: Deps, viewId: string): Promise<LinkState> {
  const send = await sendOfLink(deps, viewId);
  if (!send) return { state: "UNKNOWN" };
  const [org, revision] = await Promise.all([deps.store.organizations.get(send.orgId), deps.store.quotes.getRevision(send.quoteId, send.revision)]);
  // Without a stated validity, counted from the sending day: a few days more than the PDF's, never less.
  const validUntil = revision?.draft.validUntil ?? addDays(localDay(new Date(send.sentAt), org.timeZone), DEFAULT_VALID_DAYS);
  const today = localDay(deps.clock.now(), org.timeZone);
  return today > addDays(validUntil, LINK_GRACE_DAYS) ? { state: "EXPIRED", send, validUntil } : { state: "LIVE", send };
}

/** 410 for a link past its time: says so, and whom to ask for a current quote (the rep who sent it). */
export async function expiredPage(deps: Deps, send: QuoteSend, validUntil: string): Promise<APIGatewayProxyResultV2> {
  const l = send.locale === "en" ? "en" : "zh-CN";
  const [[quote], [sender]] = await Promise.all([deps.store.quotes.getMany([send.quoteId]), deps.store.users.getMany([send.sentBy])]);
  const number = quote?.number ?? "";
  const contact = sender ? [sender.name, sender.phone, sender.email].filter(Boolean).join(" · ") : null;
  const title = pick(l, "报价链接已过期", "This quote link has expired");
  const text = pick(l, `报价单 ${number}（第 ${send.revision} 版）的有效期已于 ${validUntil} 截止，此链接已失效。如需最新报价，请联系我们的销售代表。`, `Quotation ${number} (revision ${send.revision}) was valid until ${validUntil}; this link no longer opens it. For a current quotation, please contact our sales representative.`);
  return {
    statusCode: 410,
    headers: PAGE_HEADERS,
    body: `<!doctype html><html lang="${l === "en" ? "en" : "zh-CN"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${contact ? `<p>${escapeHtml(contact)}</p>` : ""}</body></html>`,
  };
}
