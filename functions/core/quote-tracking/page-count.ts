import type { Deps } from "../actor";
import type { QuoteSend } from "../quote-delivery/model";

/** By the PDF's SHA-256: an archived PDF never changes. */
const counts = new Map<string, number>();

/** Pages of the PDF a send carried, read from the archive (once per process): the page numbers a heartbeat may report. */
export async function pageCountOf(deps: Deps, send: QuoteSend): Promise<number | null> {
  const known = counts.get(send.pdfSha256);
  if (known) return known;
  const bytes = await deps.files.get(send.pdfKey);
  if (!bytes) return null;
  // Loaded here, not at the top: the GraphQL function imports quote tracking for its read side and must not carry pdf-lib.
  const { PDFDocument } = await import("pdf-lib");
  const n = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
  if (counts.size > 1000) counts.clear();
  counts.set(send.pdfSha256, n);
  return n;
}
