import { deflateSync } from "node:zlib";
import { type PDFDocument, type PDFFont, type PDFImage, PDFName, type PDFPage, PDFRawStream, type RGB } from "pdf-lib";

/**
 * One page's content stream, written as PDF operators in a string and compressed with Node's zlib
 * once the page is complete. pdf-lib's drawText/drawLine build an operator object per number and
 * compress with a JavaScript deflate; for a 30-page quote that was most of the time. Text size and
 * colour persist across text objects (BT…ET), so they are written only when they change; lines,
 * rectangles and images save and restore the graphics state around themselves.
 */
export class PageCanvas {
  private readonly ops: string[] = [];
  private readonly fontKey: string;
  private size?: number;
  private color?: RGB;

  constructor(
    readonly page: PDFPage,
    private readonly font: PDFFont,
  ) {
    this.fontKey = page.node.newFontDictionary(font.name, font.ref).toString();
  }

  /** Text on one line, its baseline at y. */
  text(text: string, x: number, y: number, size: number, color: RGB): void {
    let op = "BT";
    if (size !== this.size) op += ` ${this.fontKey} ${n(size)} Tf`;
    if (color !== this.color) op += ` ${rgbOf(color)} rg`;
    [this.size, this.color] = [size, color];
    // encodeText also records the glyphs for the font subset.
    this.ops.push(`${op} ${n(x)} ${n(y)} Td ${this.font.encodeText(text).toString()} Tj ET`);
  }

  line(x1: number, y1: number, x2: number, y2: number, width: number, color: RGB): void {
    this.ops.push(`q ${n(width)} w ${rgbOf(color)} RG ${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l S Q`);
  }

  fillRect(x: number, y: number, width: number, height: number, color: RGB): void {
    this.ops.push(`q ${rgbOf(color)} rg ${n(x)} ${n(y)} ${n(width)} ${n(height)} re f Q`);
  }

  image(image: PDFImage, x: number, y: number, width: number, height: number): void {
    const key = this.page.node.newXObject("Image", image.ref).toString();
    this.ops.push(`q ${n(width)} 0 0 ${n(height)} ${n(x)} ${n(y)} cm ${key} Do Q`);
  }

  /** Writes the page's content stream into the document. */
  finish(doc: PDFDocument): void {
    const bytes = deflateSync(Buffer.from(this.ops.join("\n"), "latin1"));
    const stream = PDFRawStream.of(doc.context.obj({ Filter: "FlateDecode", Length: bytes.length }), bytes);
    this.page.node.set(PDFName.of("Contents"), doc.context.register(stream));
  }
}

/** Two decimals are a hundredth of a point: finer than any printer. */
const n = (value: number) => String(Math.round(value * 100) / 100);
const rgbOf = (c: RGB) => `${n(c.red)} ${n(c.green)} ${n(c.blue)}`;
