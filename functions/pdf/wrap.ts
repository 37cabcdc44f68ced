import type { PDFFont } from "pdf-lib";

/**
 * Widths of single characters at 1 pt, cached for the process: every quote uses the same font (see
 * font.ts), and measuring through pdf-lib runs fontkit's shaping for each call. Summing character
 * widths ignores kerning, which only narrows text, so a line measured to fit does fit.
 */
const charWidths = new Map<string, number>();

export function textWidth(font: PDFFont, text: string, size: number): number {
  let width = 0;
  for (const ch of text) {
    let w = charWidths.get(ch);
    if (w === undefined) {
      w = font.widthOfTextAtSize(ch, 1000) / 1000;
      charWidths.set(ch, w);
    }
    width += w;
  }
  return width * size;
}

// Chinese, Japanese and full-width characters break anywhere; other runs are words.
const CJK = "\\u2e80-\\u9fff\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uffef";
const TOKENS = new RegExp(`\\n|[^\\S\\n]+|[${CJK}]|[^\\s${CJK}]+`, "gu");
const CJK_CHAR = new RegExp(`^[${CJK}]$`, "u");
// Chinese closing punctuation never starts a line (避头点): the character before it moves down too.
const NO_LINE_START = /^[，。、；：！？）》」』】〉”’…%]$/u;

/**
 * Lines of at most `maxWidth` points: Chinese breaks between any two characters, other text between
 * words, and a word wider than the line is broken between characters. Runs of spaces collapse to
 * one; "\n" starts a new line. Never returns a line wider than maxWidth (unless one character is).
 */
export function wrapText(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  const space = textWidth(font, " ", size);
  let line = "";
  let width = 0;
  let pendingSpace = false;
  const flush = () => {
    lines.push(line);
    line = "";
    width = 0;
    pendingSpace = false;
  };
  // Takes the line's last character off when it is Chinese and not alone on the line.
  const carryLast = () => {
    const chars = [...line];
    const last = chars.at(-1) ?? "";
    if (chars.length < 2 || !CJK_CHAR.test(last)) return "";
    line = chars.slice(0, -1).join("");
    return last;
  };
  for (const token of text.match(TOKENS) ?? []) {
    if (token === "\n") {
      flush();
      continue;
    }
    if (/^\s/.test(token)) {
      pendingSpace = line !== "";
      continue;
    }
    const w = textWidth(font, token, size);
    const gap = pendingSpace ? space : 0;
    if (width + gap + w <= maxWidth) {
      line += (pendingSpace ? " " : "") + token;
      width += gap + w;
      pendingSpace = false;
      continue;
    }
    const carried = NO_LINE_START.test(token) && !pendingSpace ? carryLast() : "";
    if (line !== "") flush();
    pendingSpace = false;
    if (carried) {
      line = carried;
      width = textWidth(font, carried, size);
      if (width + w <= maxWidth) {
        line += token;
        width += w;
        continue;
      }
      flush();
    }
    if (w <= maxWidth) {
      line = token;
      width = w;
      continue;
    }
    for (const ch of token) {
      const cw = textWidth(font, ch, size);
      if (line !== "" && width + cw > maxWidth) flush();
      line += ch;
      width += cw;
    }
  }
  if (line !== "" || lines.length === 0) lines.push(line);
  return lines;
}
