import { escapeHtml, pick } from "../core/format";
import type { Locale } from "../core/text";
import type { RenderedEmail } from "./templates";

export interface SlaBreachEmailInput {
  locale: Locale;
  recipientName: string;
  title: string;
  customerName: string;
  stageLabel: string;
  slaHours: number;
  /** Local times in the organization's zone. */
  since: string;
  deadline: string;
}

/** A follow-up deadline passed with nothing logged: sent at once, not kept for the digest. */
export function slaBreachEmail(i: SlaBreachEmailInput): RenderedEmail {
  const l = i.locale;
  const subject = pick(l, `跟进超时：“${i.title}”（${i.customerName}）已超过 ${i.slaHours} 个工作小时未跟进`, `Follow-up overdue: "${i.title}" (${i.customerName}) has had no follow-up for ${i.slaHours} business hours`);
  const lines = [
    pick(l, `${i.recipientName}，您好：`, `Hello ${i.recipientName},`),
    pick(
      l,
      `商机“${i.title}”（客户：${i.customerName}，阶段：${i.stageLabel}）自 ${i.since} 起需在 ${i.slaHours} 个工作小时内跟进，截止时间 ${i.deadline} 已过，仍未记录跟进。`,
      `The deal "${i.title}" (customer: ${i.customerName}, stage: ${i.stageLabel}) was due a follow-up within ${i.slaHours} business hours of ${i.since}; the deadline, ${i.deadline}, has passed with none logged.`,
    ),
    pick(l, `请尽快联系客户并记录跟进；该超时已记入跟进时限报表。`, `Please contact the customer and log the follow-up; the breach is recorded in the SLA report.`),
  ];
  return { subject, text: lines.join("\n\n"), html: `<!doctype html><html><body>${lines.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}</body></html>` };
}
