import { escapeHtml, pick } from "../core/format";
import type { Locale } from "../core/text";
import type { RenderedEmail } from "./templates";

interface QuoteRef {
  locale: Locale;
  number: string;
  revision: number;
  /** Who the send went to. */
  recipients: string[];
}

const html = (text: string) => `<!doctype html><html><body><p>${escapeHtml(text)}</p></body></html>`;

/** "3分10秒" / "3 min 10 s" */
export function formatDuration(l: Locale, seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (!m) return pick(l, `${s}秒`, `${s} s`);
  return s ? pick(l, `${m}分${s}秒`, `${m} min ${s} s`) : pick(l, `${m}分钟`, `${m} min`);
}

/** Tells the quote's owner the customer opened the quote for the first time (a visible tab, not a scanner). */
export function quoteFirstViewEmail(i: QuoteRef & { at: string }): RenderedEmail {
  const l = i.locale;
  const to = i.recipients.join(pick(l, "、", ", "));
  const subject = pick(l, `客户已查看报价单 ${i.number}`, `The customer opened quote ${i.number}`);
  const text = pick(
    l,
    `报价单 ${i.number}（第${i.revision}版）发送至 ${to} 后，客户已于 ${i.at} 首次在线查看。`,
    `Quote ${i.number} (revision ${i.revision}) sent to ${to} was opened by the customer for the first time at ${i.at}.`,
  );
  return { subject, text, html: html(text) };
}

/** Tells the owner the customer keeps coming back to one page, or reads it for long: time to call. */
export function quotePageInterestEmail(i: QuoteRef & { page: number; visits: number; seconds: number }): RenderedEmail {
  const l = i.locale;
  const subject = pick(l, `客户反复查看报价单 ${i.number} 第 ${i.page} 页`, `The customer keeps reading page ${i.page} of quote ${i.number}`);
  const text = pick(
    l,
    `报价单 ${i.number}（第${i.revision}版）的第 ${i.page} 页，客户已在 ${i.visits} 次访问中查看，累计 ${formatDuration(l, i.seconds)}。客户可能对这一页的内容有疑问，建议及时联系跟进。`,
    `Page ${i.page} of quote ${i.number} (revision ${i.revision}) has been read by the customer in ${i.visits} visit(s), ${formatDuration(l, i.seconds)} in all. They may have questions about it; consider calling them.`,
  );
  return { subject, text, html: html(text) };
}
