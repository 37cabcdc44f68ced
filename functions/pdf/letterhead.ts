import { createHash } from "node:crypto";
import type { PDFDocument, PDFImage } from "pdf-lib";
import { CONTENT_WIDTH, MUTED, PAGE, type PageFlow } from "./flow";
import { embedImage, inspectImage } from "./image";
import type { QuoteLabels } from "./labels";
import type { QuotePdfDocument } from "./model";

const LOGO = { width: 120, height: 44 };

/** Logos already reported as left out, by hash: one warning per logo per process, not one per quote. */
const reported = new Set<string>();

/**
 * The logo checked as at upload, then embedded. One that does not print (stored before the upload
 * check, or one pdf-lib still cannot take) is left out with a warning: the quote goes out without
 * it rather than one bad setting stopping every quote of the organization.
 */
export async function embedLogo(pdf: PDFDocument, bytes: Uint8Array | null): Promise<PDFImage | null> {
  if (!bytes) return null;
  const checked = inspectImage(bytes);
  let reason = checked.ok ? null : checked.reason.en;
  if (checked.ok) {
    try {
      return await embedImage(pdf, bytes, checked.image);
    } catch (error) {
      reason = `pdf-lib cannot embed it: ${(error as Error).message}`;
    }
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (!reported.has(sha256)) {
    reported.add(sha256);
    console.warn(JSON.stringify({ msg: "letterhead logo left out of the quote PDF", sha256, reason }));
  }
  return null;
}

/** First page: the organization's letterhead, the title, number and dates, and the customer. */
export function drawFirstPageHeader(flow: PageFlow, doc: QuotePdfDocument, labels: QuoteLabels, logo: PDFImage | null): void {
  const { letterhead: org, customer } = doc;
  let textLeft = PAGE.left;
  const top = flow.y;
  if (logo) {
    const scale = Math.min(LOGO.width / logo.width, LOGO.height / logo.height);
    const [w, h] = [logo.width * scale, logo.height * scale];
    flow.page.image(logo, PAGE.left, top - h, w, h);
    textLeft += w + 12;
  }
  const textWidth = PAGE.right - textLeft;
  for (const line of flow.wrap(org.name, 15, textWidth)) {
    flow.text(line, textLeft, flow.y, 15);
    flow.y -= 20;
  }
  const contact = [org.phone && labels.phone + org.phone, org.taxId && labels.taxId + org.taxId].filter(Boolean).join("    ");
  for (const text of [org.address, contact]) {
    for (const line of text ? flow.wrap(text, 8.5, textWidth) : []) {
      flow.text(line, textLeft, flow.y, 8.5, { color: MUTED });
      flow.y -= 12;
    }
  }
  flow.y = Math.min(flow.y, top - (logo ? LOGO.height : 0)) - 6;
  flow.rule();

  flow.y -= 14;
  flow.text(labels.title, PAGE.left, flow.y, 18, { width: CONTENT_WIDTH, align: "center" });
  flow.y -= 34;

  const info = [labels.number + doc.number + labels.revision(doc.revision), labels.issuedOn + doc.issuedOn, labels.validUntil + doc.validUntil];
  flow.text(info[0], PAGE.left, flow.y, 9);
  flow.text(info[1], PAGE.left, flow.y, 9, { width: CONTENT_WIDTH * 0.78, align: "right" });
  flow.text(info[2], PAGE.left, flow.y, 9, { width: CONTENT_WIDTH, align: "right" });
  flow.y -= 18;

  const people = [customer.contactName && labels.contact + customer.contactName, customer.contactPhone && labels.phone + customer.contactPhone].filter(Boolean).join("    ");
  for (const [label, value] of [[labels.customer, customer.name], ["", people], [labels.address, customer.address]] as const) {
    if (!value) continue;
    const indent = flow.width(label, 9);
    for (const [i, line] of flow.wrap(value, 9, CONTENT_WIDTH - indent).entries()) {
      if (i === 0) flow.text(label, PAGE.left, flow.y, 9, { color: MUTED });
      flow.text(line, PAGE.left + indent, flow.y, 9);
      flow.y -= 14;
    }
  }
  flow.y -= 6;
}

/** Later pages: who and which quote, small, above the repeated table header. */
export function drawRunningHeader(flow: PageFlow, doc: QuotePdfDocument, labels: QuoteLabels): void {
  const number = labels.number + doc.number + labels.revision(doc.revision);
  const numberWidth = flow.width(number, 8);
  const [name] = flow.wrap(doc.letterhead.name, 8, CONTENT_WIDTH - numberWidth - 12);
  flow.text(name, PAGE.left, flow.y, 8, { color: MUTED });
  flow.text(number, PAGE.left, flow.y, 8, { width: CONTENT_WIDTH, align: "right", color: MUTED });
  flow.y -= 14;
  flow.rule();
  flow.y -= 8;
}
