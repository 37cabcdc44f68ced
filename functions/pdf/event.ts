import type { QuotePdfDocument } from "./model";

/**
 * The quote PDF Lambda's JSON payloads: a Lambda event is JSON, so the logo's bytes travel as base64
 * and so does the PDF. Both sides use these two functions, so the shape is defined once.
 */
export type QuotePdfEvent = Omit<QuotePdfDocument, "letterhead"> & {
  letterhead: Omit<QuotePdfDocument["letterhead"], "logo"> & { logoBase64: string | null };
};

export interface QuotePdfResult {
  pdfBase64: string;
  bytes: number;
}

export function toQuotePdfEvent(doc: QuotePdfDocument): QuotePdfEvent {
  const { logo, ...letterhead } = doc.letterhead;
  return { ...doc, letterhead: { ...letterhead, logoBase64: logo ? Buffer.from(logo).toString("base64") : null } };
}

export function fromQuotePdfEvent(event: QuotePdfEvent): QuotePdfDocument {
  const { logoBase64, ...letterhead } = event.letterhead;
  return { ...event, letterhead: { ...letterhead, logo: logoBase64 ? new Uint8Array(Buffer.from(logoBase64, "base64")) : null } };
}
