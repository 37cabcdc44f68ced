import { escapeHtml, pick } from "../core/format";
import type { Locale, Text } from "../core/text";
import type { RenderedEmail } from "./templates";

export interface WorkOrderEmailInput {
  locale: Locale;
  recipientName: string;
  title: string;
  typeName: Text;
  urgent: boolean;
  customerName: string | null;
  assigneeName: string | null;
  requesterName: string | null;
  /** Local time in the organization's zone, "2026-11-23 10:00". */
  createdAt: string;
  dueAt: string;
  /** The zone those times are in, as a reader names it ("北京时间" / "Beijing time"). */
  zone: Text;
}

const render = (subject: string, lines: string[]): RenderedEmail => ({
  subject,
  text: lines.join("\n\n"),
  html: `<!doctype html><html><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;color:#222">${lines.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}</body></html>`,
});

function facts(i: WorkOrderEmailInput): string {
  const l = i.locale;
  const type = pick(l, i.typeName.zh, i.typeName.en);
  return pick(
    l,
    `类型：${type}${i.urgent ? "（加急）" : ""}；客户：${i.customerName ?? "无"}；提出人：${i.requesterName ?? "系统"}；创建时间：${i.createdAt}。`,
    `Type: ${type}${i.urgent ? " (urgent)" : ""}; customer: ${i.customerName ?? "none"}; requested by ${i.requesterName ?? "the system"} on ${i.createdAt}.`,
  );
}

/** To the supervisor: a deadline passed. Once per order and kind of deadline. */
export function workOrderBreachEmail(i: WorkOrderEmailInput & { kind: "RESPONSE" | "RESOLUTION" }): RenderedEmail {
  const l = i.locale;
  const what = i.kind === "RESPONSE" ? pick(l, "响应", "response") : pick(l, "处理", "resolution");
  const who = i.assigneeName ? pick(l, `处理人 ${i.assigneeName}`, `assigned to ${i.assigneeName}`) : pick(l, "尚未分派处理人", "not assigned to anyone yet");
  return render(pick(l, `工单${what}超时：${i.title}`, `Work order past its ${what} deadline: ${i.title}`), [
    pick(l, `${i.recipientName}，您好：`, `Hello ${i.recipientName},`),
    pick(l, `工单「${i.title}」（${who}）的${what}时限为 ${i.dueAt}（${i.zone.zh}），现已超时。`, `Work order "${i.title}" (${who}) was due for ${what} by ${i.dueAt} (${i.zone.en}) and is now overdue.`),
    facts(i),
    pick(l, "请督促处理，或重新分派给能及时处理的同事。", "Please follow it up, or assign it to a colleague who can handle it in time."),
  ]);
}

/** To the person it was assigned to. */
export function workOrderAssignedEmail(i: WorkOrderEmailInput): RenderedEmail {
  const l = i.locale;
  return render(pick(l, `新工单待处理：${i.title}`, `New work order for you: ${i.title}`), [
    pick(l, `${i.recipientName}，您好：`, `Hello ${i.recipientName},`),
    pick(l, `工单「${i.title}」已分派给您，请于 ${i.dueAt}（${i.zone.zh}）前受理。`, `Work order "${i.title}" has been assigned to you; please acknowledge it by ${i.dueAt} (${i.zone.en}).`),
    facts(i),
  ]);
}
