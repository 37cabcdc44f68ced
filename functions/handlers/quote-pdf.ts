import { fromQuotePdfEvent, type QuotePdfEvent, type QuotePdfResult } from "../pdf/event";
import { quoteFont } from "../pdf/font";
import { renderQuotePdf } from "../pdf/quote-pdf";
import { type HandOverDocument, renderHandOverPdf } from "../pdf/hand-over-pdf";

// Parse the 10 MB font during the init phase, not in the first request.
quoteFont();

/** Its own Lambda so the font stays out of the GraphQL bundle: a frozen quote revision in, its PDF out. */
export const handler = async (event: QuotePdfEvent | { handOver: HandOverDocument }): Promise<QuotePdfResult> => {
  // The delivery hand-over document (客户交付说明书) at signing shares the font, so it is rendered here too.
  const pdf = "handOver" in event ? await renderHandOverPdf(event.handOver) : await renderQuotePdf(fromQuotePdfEvent(event));
  return { pdfBase64: Buffer.from(pdf).toString("base64"), bytes: pdf.length };
};
