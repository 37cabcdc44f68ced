import { PDFDocument } from "pdf-lib";
import type { ImageFacts } from "./check";
import { embedImage } from "./index";

/**
 * The last check at upload: the image goes into a scratch PDF as it would into a quote. Run by the
 * PDF renderer (the quote PDF Lambda in AWS), so pdf-lib stays out of the GraphQL bundle.
 */
export async function embedsInPdf(bytes: Uint8Array, image: ImageFacts): Promise<boolean> {
  try {
    await embedImage(await PDFDocument.create(), bytes, image);
    return true;
  } catch {
    return false;
  }
}
