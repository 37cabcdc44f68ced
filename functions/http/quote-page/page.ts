import type { Deps } from "../../core/actor";
import { escapeHtml, pick } from "../../core/format";
import { type Currency, formatMoney } from "../../core/money";
import { quoteDocument } from "../../core/quote-delivery/document";
import type { QuoteSend } from "../../core/quote-delivery/model";
import { responseStateOf } from "../../core/quote-response";
import type { Locale } from "../../core/text";
import { versionedName } from "./assets";
import { responsePanelHtml } from "./response-panel";

/** The language of the page: the send's (its contact's), Chinese unless they chose English. */
export const pageLocale = (send: QuoteSend): Locale => (send.locale === "en" ? "en" : "zh-CN");

/**
 * What the page says above the PDF: the same figures the PDF prints (one source, quoteDocument),
 * and who sent it, so the customer knows whom to call.
 */
async function facts(deps: Deps, send: QuoteSend, locale: Locale) {
  const [org, [quote], revision, [sender]] = await Promise.all([
    deps.store.organizations.get(send.orgId),
    deps.store.quotes.getMany([send.quoteId]),
    deps.store.quotes.getRevision(send.quoteId, send.revision),
    deps.store.users.getMany([send.sentBy]),
  ]);
  if (!quote || !revision) throw new Error(`send ${send.id} names a quote revision that is not stored`);
  const [customer] = await deps.store.customers.getMany([quote.customerId]);
  if (!customer) throw new Error(`quote ${quote.id} names a customer that is not stored`);
  // The page shows no logo: the letterhead without it spares reading the image for every view.
  const letterhead = org.letterhead ? { ...org.letterhead, logo: null } : org.letterhead;
  const doc = await quoteDocument(deps, { ...org, letterhead }, quote, revision, customer, send.to, locale);
  return { doc, sender };
}

/** JSON inside <script type="application/json">: no "</script>" or "<!--" can end it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/**
 * The page a customer opens from the quote email. Relative URLs throughout (assets/…, {link}/pdf), so
 * the page works under any base path the API is mounted on.
 */
export async function quotePageHtml(deps: Deps, send: QuoteSend, viewId: string, visitToken: string): Promise<string> {
  const l = pageLocale(send);
  const [{ doc, sender }, state] = await Promise.all([facts(deps, send, l), responseStateOf(deps, send)]);
  const link = encodeURIComponent(viewId);
  const title = pick(l, `报价单 ${doc.number}（第 ${doc.revision} 版）`, `Quotation ${doc.number} (revision ${doc.revision})`);
  const fact = (label: string, value: string, cls = "") => `<div${cls ? ` class="${cls}"` : ""}><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`;
  const contact = sender ? [sender.name, sender.phone, sender.email].filter(Boolean).join(" · ") : null;
  const config = {
    pdf: `${link}/pdf`,
    events: `${link}/events`,
    visit: visitToken,
    pdfjs: `assets/${versionedName("pdf.min.mjs")}`,
    worker: `assets/${versionedName("pdf.worker.min.mjs")}`,
    texts: {
      page: pick(l, "第 {n} 页 / 共 {total} 页", "Page {n} of {total}"),
      failed: pick(l, "报价单页面无法显示，请点击“下载 PDF”查看。", "The quotation could not be shown here; please use “Download PDF”."),
    },
  };
  // Still open to an answer: read first, answer below the pages (a button in the header jumps there).
  // Accepted, expired, replaced or withdrawn: said at the top, before anyone reads a page.
  const answerable = state.kind === "OPEN" || state.kind === "CHANGES_REQUESTED";
  const panel = `<section class="response" id="respond">${responsePanelHtml(state, l, viewId)}</section>`;
  return `<!doctype html>
<html lang="${l === "en" ? "en" : "zh-CN"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(`${title} · ${doc.letterhead.name}`)}</title>
<link rel="stylesheet" href="assets/${versionedName("quote-view.css")}">
<script type="module" src="assets/${versionedName("quote-view.js")}"></script>
</head>
<body>
<header class="quote-header"><div>
<div class="org">${escapeHtml(doc.letterhead.name)}</div>
<h1>${escapeHtml(pick(l, `报价单 ${doc.number}`, `Quotation ${doc.number}`))}<span class="revision">${escapeHtml(pick(l, `第 ${doc.revision} 版`, `revision ${doc.revision}`))}</span></h1>
<dl class="facts">
${fact(pick(l, "客户", "Customer"), doc.customer.name)}
${fact(pick(l, "报价日期", "Date"), doc.issuedOn)}
${fact(pick(l, "有效期至", "Valid until"), doc.validUntil)}
${fact(pick(l, "含税总额", "Total incl. VAT"), formatMoney({ fen: doc.totals.totalFen, currency: doc.currency as Currency }), "total")}
${contact ? fact(pick(l, "联系人", "Your contact"), contact) : ""}
</dl>
<p class="actions"><a class="button" href="${link}/pdf?download=1" download>${escapeHtml(pick(l, "下载 PDF", "Download PDF"))}</a>${answerable ? ` <a class="button secondary" href="#respond">${escapeHtml(pick(l, "接受报价或提出修改", "Accept or ask for changes"))}</a>` : ""}</p>
</div></header>
${answerable ? "" : panel}
<main id="pages" aria-label="${escapeHtml(title)}">
<p class="status" id="pages-status">${escapeHtml(pick(l, "正在加载报价单…", "Loading the quotation…"))}</p>
<noscript><p class="status"><a href="${link}/pdf">${escapeHtml(pick(l, "打开报价单 PDF", "Open the quotation PDF"))}</a></p></noscript>
</main>
${answerable ? panel : ""}
<script type="application/json" id="quote-view-config">${scriptJson(config)}</script>
</body>
</html>`;
}
