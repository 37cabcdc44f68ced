import { fromQuotePdfEvent, type QuotePdfEvent, type QuotePdfResult } from "../pdf/event";
import { quoteFont } from "../pdf/font";
import { renderQuotePdf } from "../pdf/quote-pdf";

// Parse the 10 MB font during the init phase, not in the first request.
quoteFont();

/** Its own Lambda so the font stays out of the GraphQL bundle: a frozen quote revision in, its PDF out. */
export const handler = async (event: QuotePdfEvent): Promise<QuotePdfResult> => {
  const pdf = await renderQuotePdf(fromQuotePdfEvent(event));
  return { pdfBase64: Buffer.from(pdf).toString("base64"), bytes: pdf.length };
};
