import { escapeHtml, pick } from "../core/format";
import { formatMoney, type Money } from "../core/money";
import type { Locale } from "../core/text";
import type { RenderedEmail } from "./templates";

export type CollectionEmailKind = "PRE_DUE" | "DUE" | "OVERDUE" | "FIRST_PAYMENT";

export interface CollectionEmailInput {
  locale: Locale;
  kind: CollectionEmailKind;
  recipientName: string;
  contractNumber: string;
  customerName: string;
  ownerName: string;
  /** The instalment's label (预付款…); null for the first-payment reminder. */
  label: string | null;
  amount: Money;
  outstanding: Money;
  /** The due date, or for FIRST_PAYMENT the signing day. */
  day: string;
  /** Days past due (OVERDUE; DUE when sent after the day) or since signing (FIRST_PAYMENT). */
  days: number;
}

/** A collection reminder to finance and the contract's owner (or, escalated, their supervisors): Chinese first, English for `en`. */
export function collectionEmail(i: CollectionEmailInput): RenderedEmail {
  const l = i.locale;
  const money = formatMoney;
  // In Chinese the label's 「」 close the phrase; a bare contract number needs a space before the verb.
  const what = i.label ? pick(l, `合同 ${i.contractNumber}「${i.label}」`, `contract ${i.contractNumber}, instalment "${i.label}"`) : pick(l, `合同 ${i.contractNumber} `, `contract ${i.contractNumber}`);
  const subject = {
    PRE_DUE: pick(l, `回款提醒：${i.customerName} ${what}将于 ${i.day} 到期，尚未开票或催款`, `Collection: ${i.customerName} ${what} is due on ${i.day}, not yet invoiced or requested`),
    // Sent after the day (a sweep that caught up): say how late, not "today".
    DUE: i.days > 0
      ? pick(l, `回款到期：${i.customerName} ${what}已于 ${i.day} 到期（逾期 ${i.days} 天）`, `Due: ${i.customerName} ${what} fell due on ${i.day} (${i.days} days ago)`)
      : pick(l, `回款到期：${i.customerName} ${what}今日（${i.day}）到期`, `Due today: ${i.customerName} ${what} (${i.day})`),
    OVERDUE: pick(l, `回款逾期升级：${i.customerName} ${what}已逾期 ${i.days} 天`, `Overdue escalation: ${i.customerName} ${what} is ${i.days} days overdue`),
    FIRST_PAYMENT: pick(l, `首款未到：${i.customerName} ${what}签订已 ${i.days} 天仍未回款`, `No first payment: ${i.customerName} ${what} signed ${i.days} days ago, nothing received`),
  }[i.kind];
  const body = {
    PRE_DUE: pick(l, `该期款项 ${money(i.amount)} 将于 ${i.day} 到期，目前既未开票也未发出催款，请财务提前准备。`, `This instalment of ${money(i.amount)} falls due on ${i.day}; it has been neither invoiced nor requested. Finance, please prepare.`),
    DUE: i.days > 0
      ? pick(l, `该期款项已于 ${i.day} 到期，逾期 ${i.days} 天，尚有 ${money(i.outstanding)} 未收（共 ${money(i.amount)}）。`, `This instalment fell due on ${i.day}, ${i.days} days ago; ${money(i.outstanding)} of ${money(i.amount)} is still to be received.`)
      : pick(l, `该期款项今日到期，尚有 ${money(i.outstanding)} 未收（共 ${money(i.amount)}）。`, `This instalment falls due today; ${money(i.outstanding)} of ${money(i.amount)} is still to be received.`),
    OVERDUE: pick(l, `该期款项于 ${i.day} 到期，已逾期 ${i.days} 天，尚有 ${money(i.outstanding)} 未收（共 ${money(i.amount)}）。请协调催收。`, `This instalment was due on ${i.day} and is ${i.days} days overdue; ${money(i.outstanding)} of ${money(i.amount)} is still to be received. Please step in.`),
    FIRST_PAYMENT: pick(l, `合同于 ${i.day} 签订，已满 ${i.days} 天仍未收到任何回款（合同金额 ${money(i.amount)}）。`, `The contract was signed on ${i.day}; ${i.days} days on, no payment has been received (contract amount ${money(i.amount)}).`),
  }[i.kind];
  const lines = [
    pick(l, `${i.recipientName}，您好：`, `Hello ${i.recipientName},`),
    body,
    pick(l, `客户：${i.customerName}；合同：${i.contractNumber}；负责人：${i.ownerName}。`, `Customer: ${i.customerName}; contract: ${i.contractNumber}; owner: ${i.ownerName}.`),
  ];
  return {
    subject,
    text: lines.join("\n\n"),
    html: `<!doctype html><html><body>${lines.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}</body></html>`,
  };
}
