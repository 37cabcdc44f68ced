import type { PDFDocument, PDFImage } from "pdf-lib";
import type { ImageCheck, ImageFacts } from "./check";
import { inspectJpeg } from "./jpeg";
import { inspectPng, PNG_SIGNATURE } from "./png";

export { dimensionsReason, IMAGE_LIMITS, type ImageCheck, type ImageFacts, type ImageReason } from "./check";

/**
 * A PNG or JPEG by its bytes (not its name), decoded as far as needed to know it prints as what its
 * header says: the same check at upload and, for logos stored before it existed, at every render.
 */
export function inspectImage(bytes: Uint8Array): ImageCheck {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length > PNG_SIGNATURE.length && PNG_SIGNATURE.every((v, i) => b[i] === v)) return inspectPng(b);
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return inspectJpeg(b);
  return { ok: false, problem: "NOT_IMAGE", reason: { zh: "只支持 PNG 或 JPEG 图片", en: "must be a PNG or JPEG image" } };
}

/** Into `pdf` as what the check found; pdf-lib decoding it to another size is a failure too. */
export async function embedImage(pdf: PDFDocument, bytes: Uint8Array, image: ImageFacts): Promise<PDFImage> {
  // A copy of its own: pdf-lib reads a JPEG through a DataView of the whole underlying buffer,
  // so a Buffer from Node's shared pool would be read from the wrong offset.
  const own = new Uint8Array(bytes);
  const embedded = image.contentType === "image/png" ? await pdf.embedPng(own) : await pdf.embedJpg(own);
  if (embedded.width !== image.width || embedded.height !== image.height) {
    throw new Error(`The image decodes to ${embedded.width} × ${embedded.height}, its header says ${image.width} × ${image.height}`);
  }
  return embedded;
}
