import { escapeHtml, pick } from "../core/format";
import type { Locale } from "../core/text";
import type { RenderedEmail } from "./templates";

export interface NextActionEmailInput {
  locale: Locale;
  recipientName: string;
  customerName: string;
  day: string;
}

/** The next step someone planned for a customer is today. */
export function nextActionEmail(i: NextActionEmailInput): RenderedEmail {
  const l = i.locale;
  const subject = pick(l, `今日待跟进：${i.customerName}（${i.day}）`, `Follow up today: ${i.customerName} (${i.day})`);
  const lines = [
    pick(l, `${i.recipientName}，您好：`, `Hello ${i.recipientName},`),
    pick(l, `您计划于今天（${i.day}）跟进客户${i.customerName}。`, `You planned to follow up ${i.customerName} today (${i.day}).`),
    pick(l, `跟进后请记录，以便团队了解进展。`, `Please log the follow-up afterwards so the team can see where it stands.`),
  ];
  return { subject, text: lines.join("\n\n"), html: `<!doctype html><html><body>${lines.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}</body></html>` };
}
