import { type PDFDocument, type PDFFont, rgb } from "pdf-lib";
import { PageCanvas } from "./canvas";
import { textWidth, wrapText } from "./wrap";

/** A4 in points, and the frame content stays inside; the footer sits below `bottom`. */
export const PAGE = { width: 595.28, height: 841.89, left: 40, right: 555.28, top: 801.89, bottom: 56 };
export const CONTENT_WIDTH = PAGE.right - PAGE.left;

export const INK = rgb(0.1, 0.1, 0.1);
export const MUTED = rgb(0.4, 0.4, 0.4);
export const RULE = rgb(0.7, 0.7, 0.7);
export const SHADE = rgb(0.93, 0.93, 0.93);

type Align = "left" | "right" | "center";

/**
 * Content flowing down A4 pages: `y` is the top of the next thing drawn. `ensure(h)` starts a new
 * page when h points no longer fit, running `onNewPage` (running header, repeated table header).
 * Footers are written at the end, when the page count is known.
 */
export class PageFlow {
  readonly pages: PageCanvas[] = [];
  page!: PageCanvas;
  y = PAGE.top;
  onNewPage: (flow: PageFlow) => void = () => {};

  constructor(
    private readonly doc: PDFDocument,
    readonly font: PDFFont,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = new PageCanvas(this.doc.addPage([PAGE.width, PAGE.height]), this.font);
    this.pages.push(this.page);
    this.y = PAGE.top;
    this.onNewPage(this);
  }

  /** True when it had to start a new page. */
  ensure(height: number): boolean {
    if (this.y - height >= PAGE.bottom) return false;
    this.newPage();
    return true;
  }

  width(text: string, size: number): number {
    return textWidth(this.font, text, size);
  }

  wrap(text: string, size: number, maxWidth: number): string[] {
    return wrapText(this.font, text, size, maxWidth);
  }

  /** One line of text whose top is at `top`, aligned within [x, x + width]. */
  text(text: string, x: number, top: number, size: number, opts: { width?: number; align?: Align; color?: typeof INK; page?: PageCanvas } = {}): void {
    if (text === "") return;
    const { width = 0, align = "left", color = INK, page = this.page } = opts;
    const w = align === "left" ? 0 : this.width(text, size);
    const dx = align === "right" ? width - w : align === "center" ? (width - w) / 2 : 0;
    // Noto Sans SC's ascender is 0.88 em: this puts the glyphs just inside the line's top.
    page.text(text, x + dx, top - size * 0.88, size, color);
  }

  /** A labelled paragraph across the content width ("备注：…"), breaking across pages line by line. */
  paragraph(label: string, body: string, size: number, gapAfter = 4): void {
    const lineHeight = size * 1.5;
    const indent = this.width(label, size);
    const lines = this.wrap(body, size, CONTENT_WIDTH - indent);
    lines.forEach((line, i) => {
      const continued = this.ensure(lineHeight);
      if (i === 0 || continued) this.text(label, PAGE.left, this.y, size, { color: MUTED });
      this.text(line, PAGE.left + indent, this.y, size);
      this.y -= lineHeight;
    });
    this.y -= gapAfter;
  }

  rule(y = this.y, color = RULE, x1 = PAGE.left, x2 = PAGE.right): void {
    this.page.line(x1, y, x2, y, 0.5, color);
  }

  /** Writes every page's content into the document: call once, after the footers. */
  finish(): void {
    for (const page of this.pages) page.finish(this.doc);
  }
}
