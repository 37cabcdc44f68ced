import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import { PDFDocument, PDFHexString } from "pdf-lib";
import { drawSignatures, drawTerms, drawTotals } from "./closing";
import { CONTENT_WIDTH, MUTED, PAGE, PageFlow } from "./flow";
import { quoteFont } from "./font";
import { labelsFor } from "./labels";
import { drawFirstPageHeader, drawRunningHeader, embedLogo } from "./letterhead";
import { drawLinesTable } from "./lines-table";
import type { QuotePdfDocument } from "./model";

const PRODUCER = "sales-api quote PDF";

/**
 * A quote revision as an A4 PDF with the Chinese font embedded as a subset (only the glyphs used).
 * Pure: the same document gives the same bytes. pdf-lib's own randomness (font and image resource
 * names) comes from a generator seeded per document; the dates are the revision's issue date and
 * the file identifier is a hash of the document, so nothing depends on when or where it runs.
 */
export async function renderQuotePdf(doc: QuotePdfDocument): Promise<Uint8Array> {
  const labels = labelsFor(doc.locale);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  // The font subset and its ToUnicode map are compressed with Node's zlib rather than pdf-lib's
  // JavaScript deflate: a third of the time of a one-page quote.
  pdf.context.flateStream = (contents, dict = {}) => pdf.context.stream(deflateSync(typeof contents === "string" ? Buffer.from(contents, "latin1") : contents), { ...dict, Filter: "FlateDecode" });
  const { bytes, kit } = quoteFont();
  pdf.registerFontkit(kit);
  const hash = documentHash(doc);
  // A subset's name carries a six-letter tag (PDF 9.6.4), so viewers and preflight know it is one.
  const subsetTag = [...hash.slice(0, 6)].map((c) => String.fromCharCode(65 + parseInt(c, 16))).join("");
  const font = await pdf.embedFont(bytes, { subset: true, customName: `${subsetTag}+NotoSansSC-Regular` });
  const logo = await embedLogo(pdf, doc.letterhead.logo);

  const flow = new PageFlow(pdf, font);
  const runningHeader = (f: PageFlow) => drawRunningHeader(f, doc, labels);
  drawFirstPageHeader(flow, doc, labels, logo);
  flow.onNewPage = runningHeader;
  drawLinesTable(flow, doc, labels, runningHeader);
  drawTotals(flow, doc, labels);
  drawTerms(flow, doc, labels);
  drawSignatures(flow, doc, labels);

  // Only now is the page count known.
  flow.pages.forEach((page, i) => {
    flow.text(labels.page(i + 1, flow.pages.length), PAGE.left, PAGE.bottom - 22, 8, { width: CONTENT_WIDTH, align: "center", color: MUTED, page });
  });
  flow.finish();

  // Midnight of the issue day in Shanghai (the organizations' time zone), never the time of rendering.
  const issued = new Date(`${doc.issuedOn}T00:00:00+08:00`);
  pdf.setTitle(`${labels.title.replace(/ /g, "")} ${doc.number}${labels.revision(doc.revision)}`);
  pdf.setAuthor(doc.letterhead.name);
  pdf.setSubject(doc.customer.name);
  pdf.setLanguage(doc.locale);
  pdf.setCreator(PRODUCER);
  pdf.setProducer(PRODUCER);
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  const id = PDFHexString.of(hash);
  pdf.context.trailerInfo.ID = pdf.context.obj([id, id]);
  return pdf.save();
}

/** The file identifier (PDF 14.4): the same for the same document, different for any change. */
function documentHash(doc: QuotePdfDocument): string {
  const { logo, ...letterhead } = doc.letterhead;
  return createHash("md5")
    .update(JSON.stringify({ ...doc, letterhead }))
    .update(logo ?? new Uint8Array())
    .digest("hex");
}
