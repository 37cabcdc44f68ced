import type { DigestItem, DigestSection } from "../core/digest/sources";
import { escapeHtml, formatLocalTime, pick } from "../core/format";
import { type Locale, localize } from "../core/text";
import type { RenderedEmail } from "./templates";

export interface DigestEmailInput {
  locale: Locale;
  recipientName: string;
  orgName: string;
  /** The local day it is for, YYYY-MM-DD. */
  day: string;
  /** The organization's zone: every time shown is local to it. */
  timeZone: string;
  /** Non-empty sections, in DIGEST_SECTIONS order. */
  sections: { section: DigestSection; items: DigestItem[] }[];
}

const SECTION_TITLES: Record<DigestSection, [zh: string, en: string]> = {
  APPROVALS: ["待您审批", "Approvals waiting on you"],
  FOLLOW_UPS: ["今日待跟进客户", "Follow-ups due"],
  SLA_BREACHES: ["跟进超时", "Follow-up deadlines missed"],
  STALLED_DEALS: ["停滞商机", "Stalled deals"],
  COLLECTIONS: ["回款提醒", "Collections due"],
  WORK_ORDERS: ["工单", "Work orders"],
  POOL_RELEASES: ["两天内将退回公海的客户", "Returning to the pool within 2 days"],
};

/** One line per item: what, what about it, and when (local time). */
function line(l: Locale, item: DigestItem, timeZone: string): string {
  const detail = item.detail ? pick(l, `：${localize(item.detail, l)}`, `: ${localize(item.detail, l)}`) : "";
  const at = item.at ? pick(l, `（${formatLocalTime(item.at, timeZone)}）`, ` (${formatLocalTime(item.at, timeZone)})`) : "";
  return `${localize(item.title, l)}${detail}${at}`;
}

/** Each person's daily digest: everything waiting on them today, by section, with counts. */
export function digestEmail(i: DigestEmailInput): RenderedEmail {
  const l = i.locale;
  const total = i.sections.reduce((n, s) => n + s.items.length, 0);
  const counts = i.sections.map((s) => pick(l, `${SECTION_TITLES[s.section][0]} ${s.items.length} 项`, `${SECTION_TITLES[s.section][1]}: ${s.items.length}`));
  const subject = pick(l, `每日工作提醒（${i.day}）：共 ${total} 项待办`, `Your daily digest for ${i.day}: ${total} ${total === 1 ? "item" : "items"}`);
  const greeting = pick(l, `${i.recipientName}，您好：`, `Hello ${i.recipientName},`);
  const intro = pick(l, `${i.orgName}今天需要您关注的事项：${counts.join("；")}。`, `What needs you today at ${i.orgName}: ${counts.join("; ")}.`);
  // Chinese readers know Asia/Shanghai as 北京时间; another zone is named as it is.
  const zone = pick(l, i.timeZone === "Asia/Shanghai" ? "时间均为北京时间。" : `时间均为${i.timeZone}时区时间。`, i.timeZone === "Asia/Shanghai" ? "Times are Beijing time (Asia/Shanghai)." : `Times are in ${i.timeZone}.`);
  const heading = (s: DigestSection, n: number) => pick(l, `${SECTION_TITLES[s][0]}（${n}）`, `${SECTION_TITLES[s][1]} (${n})`);
  const text = [
    greeting,
    intro,
    ...i.sections.map((s) => [heading(s.section, s.items.length), ...s.items.map((it) => `- ${line(l, it, i.timeZone)}`)].join("\n")),
    zone,
  ].join("\n\n");
  const html = `<!doctype html><html><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;color:#222">${[
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    ...i.sections.map(
      (s) => `<h3 style="margin:16px 0 4px">${escapeHtml(heading(s.section, s.items.length))}</h3><ul>${s.items.map((it) => `<li>${escapeHtml(line(l, it, i.timeZone))}</li>`).join("")}</ul>`,
    ),
    `<p style="color:#666">${escapeHtml(zone)}</p>`,
  ].join("")}</body></html>`;
  return { subject, html, text };
}
