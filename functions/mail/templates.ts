import type { ApprovalSummary } from "../core/approval/model";
import { escapeHtml, formatPercent, pick } from "../core/format";
import { formatMoney, type Currency } from "../core/money";
import type { Locale } from "../core/text";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface DecisionLine {
  level: string;
  by: string;
  decision: "APPROVED" | "REJECTED" | "ESCALATED" | "EXPIRED";
  at: string;
  comment: string | null;
}

const decisionText = (l: Locale, d: DecisionLine["decision"]) =>
  ({ APPROVED: pick(l, "批准", "approved"), REJECTED: pick(l, "驳回", "rejected"), ESCALATED: pick(l, "超时升级", "escalated"), EXPIRED: pick(l, "超时", "expired") })[d];

/** The quote or contract in figures, as every approval email and page shows it. */
export function summaryRows(l: Locale, s: ApprovalSummary, showMargin: boolean): [string, string][] {
  const money = (fen: number) => formatMoney({ fen, currency: s.currency as Currency });
  return [
    [pick(l, "单号", "Reference"), s.reference],
    [pick(l, "客户", "Customer"), s.customerName],
    [pick(l, "项目", "Deal"), s.title],
    [pick(l, "标准价合计", "List total"), money(s.listFen)],
    [pick(l, "成交价(不含税)", "Net (before VAT)"), money(s.netFen)],
    [pick(l, "含税总额", "Total incl. VAT"), money(s.totalFen)],
    [pick(l, "折扣", "Discount"), formatPercent(s.discountPercent)],
    // A null margin on a quote means a line's cost is not known yet: say so rather than hide it.
    ...(showMargin ? [[pick(l, "毛利率", "Gross margin"), s.marginPercent === null ? pick(l, "成本未核定", "cost not yet known") : formatPercent(s.marginPercent)] as [string, string]] : []),
    ...(showMargin && s.linesBelowFloor ? [[pick(l, "低于最低限价", "Below floor price"), pick(l, `${s.linesBelowFloor}行`, `${s.linesBelowFloor} line(s)`)] as [string, string]] : []),
    [pick(l, "付款条件", "Payment terms"), s.paymentTerms ?? "-"],
    [pick(l, "风险说明", "Risk note"), s.riskNote ?? "-"],
    [pick(l, "提交人", "Submitted by"), s.submitterName],
  ];
}

export function decisionRows(l: Locale, decisions: DecisionLine[]): string[] {
  return decisions.map((d) => `${d.level}: ${d.by} ${decisionText(l, d.decision)} (${d.at})${d.comment ? ` — ${d.comment}` : ""}`);
}

const table = (rows: [string, string][]) =>
  `<table style="border-collapse:collapse">${rows
    .map(([k, v]) => `<tr><td style="padding:4px 12px 4px 0;color:#666">${escapeHtml(k)}</td><td style="padding:4px 0"><b>${escapeHtml(v)}</b></td></tr>`)
    .join("")}</table>`;

const layout = (body: string) =>
  `<!doctype html><html><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;color:#222">${body}</body></html>`;

export interface ApprovalEmailInput {
  locale: Locale;
  kind: "REQUEST" | "REMINDER" | "ESCALATION";
  recipientName: string;
  levelLabel: string;
  summary: ApprovalSummary;
  showMargin: boolean;
  deadline: string;
  link: string;
  decisions: DecisionLine[];
  /** Who did not answer in time (escalation). */
  escalatedFrom?: string[];
}

/** Where an approval link serves the document under review (a contract's draft). */
export const documentLink = (approvalLink: string) => `${approvalLink}/document`;

/** Asks someone to decide; the link opens a page that changes nothing until a button is pressed. */
export function approvalEmail(i: ApprovalEmailInput): RenderedEmail {
  const l = i.locale;
  const head = {
    REQUEST: pick(l, `请审批：${i.summary.reference} ${i.summary.customerName}`, `Approval needed: ${i.summary.reference} ${i.summary.customerName}`),
    REMINDER: pick(l, `催办:${i.summary.reference} 审批已超时`, `Reminder: ${i.summary.reference} is past its deadline`),
    ESCALATION: pick(l, `升级审批:${i.summary.reference} ${i.summary.customerName}`, `Escalated to you: ${i.summary.reference} ${i.summary.customerName}`),
  }[i.kind];
  const intro = {
    REQUEST: pick(l, `${i.recipientName},您好:以下${i.levelLabel}等待您的决定。`, `Hello ${i.recipientName}, this ${i.levelLabel} step awaits your decision.`),
    REMINDER: pick(l, `${i.recipientName},您好:以下审批已超过时限,已同时提交您的上级处理,您仍可审批。`, `Hello ${i.recipientName}, this approval is past its deadline and has also gone to your escalation contact; you can still decide.`),
    ESCALATION: pick(
      l,
      `${i.recipientName},您好:${(i.escalatedFrom ?? []).join("、")}未在时限内处理,以下${i.levelLabel}已升级至您。`,
      `Hello ${i.recipientName}, ${(i.escalatedFrom ?? []).join(", ")} did not answer in time, so this ${i.levelLabel} step is now with you.`,
    ),
  }[i.kind];
  const rows = summaryRows(l, i.summary, i.showMargin);
  const history = decisionRows(l, i.decisions);
  const due = pick(l, `请在 ${i.deadline} 前处理。`, `Please decide by ${i.deadline}.`);
  const action = pick(l, "打开审批页面", "Open the approval page");
  // A contract's draft, for legal to review: fetched through the approval link, which is the credential.
  const document = i.summary.documentName ? { label: pick(l, `合同草稿（${i.summary.documentName}）`, `Contract draft (${i.summary.documentName})`), url: documentLink(i.link) } : null;
  const html = layout(
    `<p>${escapeHtml(intro)}</p>${table(rows)}` +
      (document ? `<p><a href="${escapeHtml(document.url)}">${escapeHtml(document.label)}</a></p>` : "") +
      (history.length ? `<p>${escapeHtml(pick(l, "此前的审批:", "Earlier decisions:"))}</p><ul>${history.map((h) => `<li>${escapeHtml(h)}</li>`).join("")}</ul>` : "") +
      `<p>${escapeHtml(due)}</p><p><a href="${escapeHtml(i.link)}" style="background:#1677ff;color:#fff;padding:8px 16px;border-radius:4px;text-decoration:none">${escapeHtml(action)}</a></p>` +
      `<p style="color:#888">${escapeHtml(pick(l, "链接仅供您本人使用,打开后需点击按钮确认。", "The link is for you alone; nothing is decided until you press a button on the page."))}</p>`,
  );
  const text = [intro, "", ...rows.map(([k, v]) => `${k}: ${v}`), ...(document ? ["", `${document.label}: ${document.url}`] : []), "", ...history, "", due, `${action}: ${i.link}`].join("\n");
  return { subject: head, html, text };
}

export interface OutcomeEmailInput {
  locale: Locale;
  recipientName: string;
  outcome: "APPROVED" | "REJECTED" | "EXPIRED";
  summary: ApprovalSummary;
  decisions: DecisionLine[];
}

/** Tells the submitter and the deal's owner how the approval ended. */
export function outcomeEmail(i: OutcomeEmailInput): RenderedEmail {
  const l = i.locale;
  const word = { APPROVED: pick(l, "已批准", "approved"), REJECTED: pick(l, "被驳回", "rejected"), EXPIRED: pick(l, "已过期(无人在时限内处理)", "expired (nobody decided in time)") }[i.outcome];
  const subject = pick(l, `审批结果：${i.summary.reference} ${word}`, `Approval ${i.summary.reference}: ${word}`);
  const intro = pick(l, `${i.recipientName},您好:${i.summary.reference}(${i.summary.customerName})的审批${word}。`, `Hello ${i.recipientName}, the approval of ${i.summary.reference} (${i.summary.customerName}) was ${word}.`);
  const history = decisionRows(l, i.decisions);
  const rows = summaryRows(l, i.summary, false);
  const html = layout(`<p>${escapeHtml(intro)}</p>${table(rows)}<ul>${history.map((h) => `<li>${escapeHtml(h)}</li>`).join("")}</ul>`);
  return { subject, html, text: [intro, "", ...rows.map(([k, v]) => `${k}: ${v}`), "", ...history].join("\n") };
}
