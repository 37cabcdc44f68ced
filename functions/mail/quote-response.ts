import { escapeHtml, pick } from "../core/format";
import { type Currency, formatMoney } from "../core/money";
import type { Locale } from "../core/text";
import type { RenderedEmail } from "./templates";

export interface QuoteResponseEmailInput {
  locale: Locale;
  kind: "ACCEPTED" | "CHANGES";
  number: string;
  revision: number;
  customerName: string;
  totalFen: number;
  currency: Currency;
  /** When, in the organization's time zone. */
  atLocal: string;
  /** Who accepted (name, title); for a change request, the addresses the quote went to. */
  name: string | null;
  title: string | null;
  comment: string | null;
  ip: string | null;
}

/** Tells the quote's owner that the customer accepted it online, or asked for changes, in the customer's words. */
export function quoteResponseEmail(i: QuoteResponseEmailInput): RenderedEmail {
  const l = i.locale;
  const total = formatMoney({ fen: i.totalFen, currency: i.currency });
  const who = i.title ? pick(l, `${i.name}（${i.title}）`, `${i.name} (${i.title})`) : (i.name ?? "-");
  const subject =
    i.kind === "ACCEPTED"
      ? pick(l, `客户已接受报价单 ${i.number}（第 ${i.revision} 版）`, `Quote ${i.number} (revision ${i.revision}) accepted by the customer`)
      : pick(l, `客户对报价单 ${i.number}（第 ${i.revision} 版）提出修改意见`, `The customer asked for changes to quote ${i.number} (revision ${i.revision})`);
  const lead =
    i.kind === "ACCEPTED"
      ? pick(l, `${i.customerName} 的 ${who} 于 ${i.atLocal} 在线接受了报价单 ${i.number}（第 ${i.revision} 版，含税总额 ${total}）。请尽快跟进合同。`, `${who} of ${i.customerName} accepted quote ${i.number} (revision ${i.revision}, total incl. VAT ${total}) online on ${i.atLocal}. Please follow up with the contract.`)
      : pick(l, `${i.customerName}（${who}）于 ${i.atLocal} 对报价单 ${i.number}（第 ${i.revision} 版，含税总额 ${total}）提出了修改意见，请尽快与客户联系。`, `${i.customerName} (${who}) asked for changes to quote ${i.number} (revision ${i.revision}, total incl. VAT ${total}) on ${i.atLocal}. Please contact the customer.`);
  const rows: [string, string][] = [
    ...(i.kind === "ACCEPTED" ? ([[pick(l, "接受人", "Accepted by"), who]] as [string, string][]) : []),
    [pick(l, i.kind === "ACCEPTED" ? "备注" : "修改意见", i.kind === "ACCEPTED" ? "Comment" : "Requested changes"), i.comment ?? "-"],
    [pick(l, "IP 地址", "IP address"), i.ip ?? "-"],
  ];
  const text = [lead, "", ...rows.map(([k, v]) => `${k}${pick(l, "：", ": ")}${v}`)].join("\n");
  const html = `<!doctype html><html><body><p>${escapeHtml(lead)}</p><table>${rows
    .map(([k, v]) => `<tr><th align="left" valign="top">${escapeHtml(k)}</th><td style="white-space:pre-wrap">${escapeHtml(v)}</td></tr>`)
    .join("")}</table></body></html>`;
  return { subject, text, html };
}
