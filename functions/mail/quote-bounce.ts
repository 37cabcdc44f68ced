import { escapeHtml, pick } from "../core/format";
import type { Locale } from "../core/text";
import type { RenderedEmail } from "./templates";

export interface QuoteBounceEmailInput {
  locale: Locale;
  number: string;
  recipients: string[];
  kind: "BOUNCE" | "COMPLAINT";
}

/** Tells the rep who sent a quote that it did not reach the customer (or the customer marked it as spam). */
export function quoteBounceEmail(i: QuoteBounceEmailInput): RenderedEmail {
  const l = i.locale;
  const to = i.recipients.join(pick(l, "、", ", "));
  const subject =
    i.kind === "BOUNCE" ? pick(l, `报价单 ${i.number} 被退回`, `Quote ${i.number} bounced`) : pick(l, `报价单 ${i.number} 被收件人投诉`, `Quote ${i.number}: the recipient complained`);
  const text =
    i.kind === "BOUNCE"
      ? pick(l, `报价单 ${i.number} 发送至 ${to} 被退回（收件地址无效），请核实客户邮箱后重新发送。`, `Quote ${i.number} sent to ${to} bounced (the address does not exist). Please check the customer's email address and send it again.`)
      : pick(l, `报价单 ${i.number} 发送至 ${to} 后，收件人将其标记为垃圾邮件，请与客户联系确认。`, `Quote ${i.number} sent to ${to} was marked as spam by the recipient. Please contact the customer.`);
  return { subject, text, html: `<!doctype html><html><body><p>${escapeHtml(text)}</p></body></html>` };
}
