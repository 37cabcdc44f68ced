import MailComposer from "nodemailer/lib/mail-composer";
import { escapeHtml, pick } from "../core/format";
import { type Currency, formatMoney } from "../core/money";
import type { Locale } from "../core/text";

export interface QuoteEmail {
  locale: Locale;
  from: string;
  /** The person who sent it: the customer's reply reaches them, not the no-reply sender. */
  replyTo: string | null;
  to: string[];
  cc: string[];
  organizationName: string;
  senderName: string;
  customerName: string;
  contactName: string | null;
  number: string;
  revision: number;
  totalFen: number;
  currency: Currency;
  validUntil: string;
  message: string | null;
  pdf: { fileName: string; bytes: Uint8Array };
  /** Opens the same PDF in a browser; each opening is recorded on the send. */
  viewUrl: string;
  /** Fixed per send, so a resend after a crash carries the same Message-ID header. */
  messageIdHeader: string;
}

/** The quote's email as raw MIME (text, HTML and the PDF attached), ready for SES's raw send. */
export async function quoteEmailMime(e: QuoteEmail): Promise<Uint8Array> {
  const l = e.locale;
  const greeting = e.contactName ? pick(l, `${e.contactName}，您好：`, `Dear ${e.contactName},`) : pick(l, "您好：", "Hello,");
  const body = [
    pick(l, `随函附上${e.organizationName}致${e.customerName}的报价单 ${e.number}（第 ${e.revision} 版），请查收。`, `Please find attached quote ${e.number} (revision ${e.revision}) from ${e.organizationName} to ${e.customerName}.`),
    pick(l, `含税总额：${formatMoney({ fen: e.totalFen, currency: e.currency })}；有效期至：${e.validUntil}。`, `Total incl. VAT: ${formatMoney({ fen: e.totalFen, currency: e.currency })}; valid until ${e.validUntil}.`),
  ];
  const closing = [
    pick(l, "如有疑问，请随时与我联系。", "Please do not hesitate to contact me with any questions."),
    "",
    e.senderName,
    ...(e.replyTo ? [e.replyTo] : []),
    e.organizationName,
  ];
  const view = pick(l, `在线查看：${e.viewUrl}`, `View online: ${e.viewUrl}`);
  const paragraphs = [greeting, "", ...(e.message ? [e.message, ""] : []), ...body, view, "", ...closing];
  const mail = new MailComposer({
    from: e.from,
    replyTo: e.replyTo ?? undefined,
    to: e.to,
    cc: e.cc.length ? e.cc : undefined,
    messageId: e.messageIdHeader,
    subject: pick(l, `报价单 ${e.number}（第 ${e.revision} 版）- ${e.organizationName}`, `Quote ${e.number} (revision ${e.revision}) - ${e.organizationName}`),
    text: paragraphs.join("\n"),
    html: paragraphs.map((p) => (p ? `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>` : "")).join(""),
    attachments: [{ filename: e.pdf.fileName, content: Buffer.from(e.pdf.bytes), contentType: "application/pdf" }],
  });
  return new Uint8Array(await mail.compile().build());
}
