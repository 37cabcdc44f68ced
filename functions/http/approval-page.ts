import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { Deps } from "../core/actor";
import { decideByLink, documentUrl, type LinkView, viewLink } from "../core/approval/link-view";
import { InvalidLinkError } from "../core/approval/decide";
import { DomainError } from "../core/errors";
import { escapeHtml, pick } from "../core/format";
import { localize, type Locale } from "../core/text";
import { decisionRows, summaryRows } from "../mail/templates";

const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  // The Approve button must never sit under another site's frame (clickjacking); old browsers read this one.
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
};

/** A path segment as the link id it encodes; a malformed escape ("%E0%A4%A") is no link at all. */
function linkIdOf(segment: string | undefined): string | null {
  try {
    return decodeURIComponent(segment ?? "");
  } catch {
    return null;
  }
}

const page = (status: number, locale: Locale, title: string, body: string): APIGatewayProxyResultV2 => ({
  statusCode: status,
  headers: HEADERS,
  body: `<!doctype html><html lang="${locale === "en" ? "en" : "zh-CN"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;max-width:640px;margin:24px auto;padding:0 16px;color:#222"><h2>${escapeHtml(title)}</h2>${body}</body></html>`,
});

const table = (rows: [string, string][]) =>
  `<table>${rows.map(([k, v]) => `<tr><td style="color:#666;padding:4px 12px 4px 0">${escapeHtml(k)}</td><td><b>${escapeHtml(v)}</b></td></tr>`).join("")}</table>`;

/** A link that is unknown, altered or expired: refused without a word about why. */
const invalid = () => page(404, "zh-CN", "链接无效或已过期 / Link not valid", "<p>请使用最新邮件中的链接。/ Please use the link in your latest email.</p>");

/** An approver who may no longer decide (deactivated, role or chain changed): told why, shown nothing. */
const refused = (v: Extract<LinkView, { state: "REFUSED" }>) =>
  page(403, v.approver.locale, pick(v.approver.locale, "无法处理此审批", "You cannot decide this approval"), `<p><b>${escapeHtml(localize(v.error.text, v.approver.locale))}</b></p>`);

function render(v: Exclude<LinkView, { state: "INVALID" | "REFUSED" }> & { linkId: string }, notice?: string): APIGatewayProxyResultV2 {
  const l = v.approver.locale;
  const details =
    table(summaryRows(l, v.request.summary, v.showMargin)) +
    (v.documentName
      ? `<p><a href="${escapeHtml(`${v.linkId}/document`)}">${escapeHtml(pick(l, `下载合同草稿（${v.documentName}）`, `Download the contract draft (${v.documentName})`))}</a></p>`
      : "") +
    (v.decisions.length ? `<p>${escapeHtml(pick(l, "此前的审批:", "Earlier decisions:"))}</p><ul>${decisionRows(l, v.decisions).map((d) => `<li>${escapeHtml(d)}</li>`).join("")}</ul>` : "");
  const note =
    (notice ? `<p style="padding:8px;background:#fff7e6">${escapeHtml(notice)}</p>` : "") +
    // Why this step came to this approver rather than the rule's own (never the submitter).
    (v.step.routingNote ? `<p style="color:#666">${escapeHtml(localize(v.step.routingNote, l))}</p>` : "");
  const title = `${v.levelLabel}:${v.request.summary.reference}`;
  if (v.state === "OPEN") {
    // A form the person submits with a button; nothing here submits itself.
    const form = `<form method="post"><p><label>${escapeHtml(pick(l, "审批意见(可选)", "Comment (optional)"))}<br><textarea name="comment" rows="3" style="width:100%"></textarea></label></p>
<p><button type="submit" name="decision" value="APPROVE" style="padding:8px 20px;background:#52c41a;color:#fff;border:0;border-radius:4px">${escapeHtml(pick(l, "批准", "Approve"))}</button>
<button type="submit" name="decision" value="REJECT" style="padding:8px 20px;background:#ff4d4f;color:#fff;border:0;border-radius:4px;margin-left:12px">${escapeHtml(pick(l, "驳回", "Reject"))}</button></p></form>`;
    return page(200, l, title, `${note}<p>${escapeHtml(pick(l, `请于 ${v.deadline} 前处理。`, `Please decide by ${v.deadline}.`))}</p>${details}${form}`);
  }
  const status =
    v.state === "DECIDED"
      ? pick(l, `已由${v.decidedBy}于${v.decidedAt}${v.step.status === "APPROVED" ? "批准" : "驳回"}。`, `${v.decidedBy} ${v.step.status === "APPROVED" ? "approved" : "rejected"} this at ${v.decidedAt}.`)
      : v.state === "ESCALATED"
        ? pick(l, `该审批已超时升级至${v.escalatedTo.join("、")},请使用最新邮件中的链接。`, `This step was escalated to ${v.escalatedTo.join(", ")}; use the link in your latest email.`)
        : pick(l, "该审批已结束(已撤回或已过期),无需处理。", "This approval is closed (withdrawn or expired); nothing to do.");
  return page(200, l, title, `${note}<p><b>${escapeHtml(status)}</b></p>${details}`);
}

/**
 * GET /approvals/{link}: a confirmation page that changes nothing (mail scanners fetch and render
 * links). POST /approvals/{link}: the Approve or Reject button, with an optional comment.
 */
export function approvalPageHandler(deps: Deps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
    const segments = event.rawPath.split("/").filter(Boolean);
    const method = event.requestContext.http.method;
    // GET /approvals/{link}/document: the contract draft under review, through a short-lived URL.
    if (segments.at(-1) === "document" && segments.length >= 3) {
      if (method !== "GET" && method !== "HEAD") return { statusCode: 405, headers: { allow: "GET, HEAD" }, body: "" };
      const documentLink = linkIdOf(segments.at(-2));
      const url = documentLink === null ? null : await documentUrl(deps, documentLink);
      return url ? { statusCode: 302, headers: { location: url, "cache-control": "no-store", "referrer-policy": "no-referrer", "x-frame-options": "DENY" }, body: "" } : invalid();
    }
    const linkId = linkIdOf(segments.at(-1));
    if (linkId === null) return method === "HEAD" ? { ...(invalid() as object), body: "" } : invalid();
    if (method === "GET" || method === "HEAD") {
      const v = await viewLink(deps, linkId);
      const res = v.state === "INVALID" ? invalid() : v.state === "REFUSED" ? refused(v) : render({ ...v, linkId });
      return method === "HEAD" ? { ...(res as object), body: "" } : res;
    }
    if (method !== "POST") return { statusCode: 405, headers: { allow: "GET, HEAD, POST" }, body: "" };
    const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body) : "";
    const form = new URLSearchParams(raw);
    const decision = form.get("decision");
    if (decision !== "APPROVE" && decision !== "REJECT") {
      const v = await viewLink(deps, linkId);
      return v.state === "INVALID" ? invalid() : v.state === "REFUSED" ? refused(v) : render({ ...v, linkId }, pick(v.approver.locale, "请点击“批准”或“驳回”。", "Press Approve or Reject."));
    }
    try {
      await decideByLink(deps, linkId, decision, form.get("comment"));
    } catch (error) {
      // Decided by someone else, escalated, closed: the page says so. A bad link says nothing.
      if (!(error instanceof DomainError)) throw error;
      if (error instanceof InvalidLinkError) return invalid();
      const v = await viewLink(deps, linkId);
      return v.state === "INVALID" ? invalid() : v.state === "REFUSED" ? refused(v) : render({ ...v, linkId }, localize(error.text, v.approver.locale));
    }
    const v = await viewLink(deps, linkId);
    return v.state === "INVALID" ? invalid() : v.state === "REFUSED" ? refused(v) : render({ ...v, linkId }, pick(v.approver.locale, "已记录您的决定,谢谢。", "Your decision is recorded. Thank you."));
  };
}
