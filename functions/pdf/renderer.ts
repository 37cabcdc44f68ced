import type { HandOverDocument } from "./hand-over-pdf";
import type { QuotePdfDocument } from "./model";

/** Renders a quote PDF: in this process locally, in the quote PDF Lambda in AWS (the font stays out of the GraphQL bundle). */
export interface QuotePdfRenderer {
  render(doc: QuotePdfDocument): Promise<Uint8Array>;
  /** The delivery hand-over document (客户交付说明书) made at signing, with the same font. */
  renderHandOver(doc: HandOverDocument): Promise<Uint8Array>;
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
};
