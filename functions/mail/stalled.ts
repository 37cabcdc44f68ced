import { escapeHtml, pick } from "../core/format";
import type { Locale } from "../core/text";
import type { RenderedEmail } from "./templates";

export interface StalledEmailInput {
  locale: Locale;
  recipientName: string;
  /** Set when the recipient is the owner's manager (the second step of the ladder). */
  ownerName: string | null;
  title: string;
  customerName: string;
  stageLabel: string;
  /** Local time in the organization's zone, "2026-11-23 10:00". */
  enteredAt: string;
  days: number;
  limitDays: number;
}

/** A deal held in one stage past its limit: to its owner first, one business day later to their manager. */
export function stalledEmail(i: StalledEmailInput): RenderedEmail {
  const l = i.locale;
  const subject = i.ownerName
    ? pick(l, `商机停滞（升级）：${i.ownerName}的“${i.title}”在${i.stageLabel}已停留 ${i.days} 天`, `Stalled deal (escalated): ${i.ownerName}'s "${i.title}" has been at ${i.stageLabel} for ${i.days} days`)
    : pick(l, `商机停滞：“${i.title}”在${i.stageLabel}已停留 ${i.days} 天`, `Stalled deal: "${i.title}" has been at ${i.stageLabel} for ${i.days} days`);
  const lines = [
    pick(l, `${i.recipientName}，您好：`, `Hello ${i.recipientName},`),
    pick(
      l,
      `${i.ownerName ? `${i.ownerName}负责的` : "您负责的"}商机“${i.title}”（客户：${i.customerName}）于 ${i.enteredAt} 进入${i.stageLabel}阶段，至今已 ${i.days} 天，超过该阶段 ${i.limitDays} 天的时限。`,
      `The deal "${i.title}" (customer: ${i.customerName})${i.ownerName ? `, owned by ${i.ownerName},` : ""} entered ${i.stageLabel} on ${i.enteredAt}: ${i.days} days, past the stage's limit of ${i.limitDays} days.`,
    ),
    i.ownerName
      ? pick(l, `负责人此前已收到提醒，一个工作日后商机仍未推进。请协助推进或调整计划。`, `Its owner was reminded a business day ago and the deal has not moved. Please help move it on or change the plan.`)
      : pick(l, `请推进到下一阶段，或记录跟进、调整计划；一个工作日后仍未推进将通知您的上级。`, `Please move it on, log a follow-up or change the plan; if it has not moved in one business day your manager will be told.`),
  ];
  return { subject, text: lines.join("\n\n"), html: `<!doctype html><html><body>${lines.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}</body></html>` };
}
