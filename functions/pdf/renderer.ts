import type { HandOverDocument } from "./hand-over-pdf";
import type { QuoteEmail } from "../mail/quote-email";
import type { ImageFacts } from "./image";
import type { QuotePdfDocument } from "./model";

/** Renders a quote PDF: in this process locally, in the quote PDF Lambda in AWS (the font stays out of the GraphQL bundle). */
export interface QuotePdfRenderer {
  render(doc: QuotePdfDocument): Promise<Uint8Array>;
  /** The delivery hand-over document (客户交付说明书) made at signing, with the same font. */
  renderHandOver(doc: HandOverDocument): Promise<Uint8Array>;
  /** Whether an image (a letterhead logo) goes into a PDF as what its header says: the last check before it is stored. */
  imagePrints(bytes: Uint8Array, image: ImageFacts): Promise<boolean>;
  /** The email a quote goes out in, as raw MIME with its PDF attached (the MIME library stays out of the GraphQL bundle too). */
  quoteEmail(email: QuoteEmail): Promise<Uint8Array>;
}

/** Loaded on first use, so a process that never renders never parses the font. */
export const inProcessPdfRenderer: QuotePdfRenderer = {
  async render(doc) {
    const { renderQuotePdf } = await import("./quote-pdf");
    return renderQuotePdf(doc);
  },
  async renderHandOver(doc) {
    const { renderHandOverPdf } = await import("./hand-over-pdf");
    return renderHandOverPdf(doc);
  },
  async quoteEmail(email) {
    const { quoteEmailMime } = await import("../mail/quote-email");
    return quoteEmailMime(email);
  },
  async imagePrints(bytes, image) {
    const { embedsInPdf } = await import("./image/embed");
    return embedsInPdf(bytes, image);
  },
};
