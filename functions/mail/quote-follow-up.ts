import { escapeHtml, pick } from "../core/format";
import type { Locale } from "../core/text";
import type { RenderedEmail } from "./templates";

export interface QuoteFollowUpEmailInput {
  locale: Locale;
  recipientName: string;
  /** Set when the recipient is the owner's sales assistant: whose quote it is. */
  ownerName: string | null;
  number: string;
  revision: number;
  customerName: string;
  to: string[];
  /** Local time in the organization's zone, "2026-11-23 10:00". */
  sentAt: string;
  /** The customer's first human view, local time; null when nobody has opened it yet. */
  firstViewedAt: string | null;
  hours: number;
}

/** Reminds a rep (and their assistant) that a customer has not answered a quote: a gentle nudge to follow up. */
export function quoteFollowUpEmail(i: QuoteFollowUpEmailInput): RenderedEmail {
  const l = i.locale;
  const whose = i.ownerName ? pick(l, `${i.ownerName}的`, `${i.ownerName}'s `) : "";
  const subject = pick(l, `请跟进：${i.customerName}尚未回复报价单 ${i.number}`, `Follow up: ${i.customerName} has not answered quote ${i.number}`);
  const viewed = i.firstViewedAt
    ? pick(l, `客户已于 ${i.firstViewedAt} 查看过报价单，但尚未接受或提出修改。`, `The customer viewed it on ${i.firstViewedAt} but has neither accepted it nor asked for changes.`)
    : pick(l, "客户至今尚未打开报价单。", "The customer has not opened it yet.");
  const lines = [
    pick(l, `${i.recipientName}，您好：`, `Hello ${i.recipientName},`),
    pick(
      l,
      `${whose}报价单 ${i.number}（第 ${i.revision} 版）于 ${i.sentAt} 发送给${i.customerName}（${i.to.join("、")}），已超过 ${i.hours} 小时没有回复，也没有记录跟进。`,
      `${whose}quote ${i.number} (revision ${i.revision}) was sent to ${i.customerName} (${i.to.join(", ")}) on ${i.sentAt}; ${i.hours} hours on, there is no answer and no follow-up logged.`,
    ),
    viewed,
    pick(l, "建议尽快联系客户，了解报价的反馈。", "Consider contacting the customer to hear what they think of the quote."),
  ];
  return {
    subject,
    text: lines.join("\n\n"),
    html: `<!doctype html><html><body>${lines.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}</body></html>`,
  };
}
