import { fromQuotePdfEvent, type QuotePdfEvent, type QuotePdfResult } from "../pdf/event";
import { quoteFont } from "../pdf/font";
import { renderQuotePdf } from "../pdf/quote-pdf";
import { type HandOverDocument, renderHandOverPdf } from "../pdf/hand-over-pdf";
import type { ImageFacts } from "../pdf/image";
import { embedsInPdf } from "../pdf/image/embed";
import { type QuoteEmail, quoteEmailMime } from "../mail/quote-email";

/** A letterhead logo to try in a scratch PDF before it is stored (pdf-lib lives here, not in the GraphQL bundle). */
type ImageCheckEvent = { imageCheck: { base64: string; image: ImageFacts } };
/** A quote's email to compose around its PDF (nodemailer's MIME composer lives here too). */
type QuoteEmailEvent = { quoteEmail: Omit<QuoteEmail, "pdf"> & { pdf: { fileName: string; base64: string } } };

// Parse the 10 MB font during the init phase, not in the first request.
quoteFont();

/** Its own Lambda so the font, pdf-lib and the MIME composer stay out of the GraphQL bundle: a frozen quote revision in, its PDF out (and the email around it, and the letterhead logo check). */
export async function handler(event: QuotePdfEvent | { handOver: HandOverDocument }): Promise<QuotePdfResult>;
export async function handler(event: ImageCheckEvent): Promise<{ prints: boolean }>;
export async function handler(event: QuoteEmailEvent): Promise<{ rawBase64: string }>;
export async function handler(
  event: QuotePdfEvent | { handOver: HandOverDocument } | ImageCheckEvent | QuoteEmailEvent,
): Promise<QuotePdfResult | { prints: boolean } | { rawBase64: string }> {
  if ("quoteEmail" in event) {
    const { pdf, ...email } = event.quoteEmail;
    const raw = await quoteEmailMime({ ...email, pdf: { fileName: pdf.fileName, bytes: Buffer.from(pdf.base64, "base64") } });
    return { rawBase64: Buffer.from(raw).toString("base64") };
  }
  if ("imageCheck" in event) return { prints: await embedsInPdf(Buffer.from(event.imageCheck.base64, "base64"), event.imageCheck.image) };
  // The delivery hand-over document (客户交付说明书) at signing shares the font, so it is rendered here too.
  const pdf = "handOver" in event ? await renderHandOverPdf(event.handOver) : await renderQuotePdf(fromQuotePdfEvent(event));
  return { pdfBase64: Buffer.from(pdf).toString("base64"), bytes: pdf.length };
}
