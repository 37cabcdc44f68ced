import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import * as fontkit from "fontkit";
import type { PDFDocument } from "pdf-lib";

type PdfLibFontkit = Parameters<PDFDocument["registerFontkit"]>[0];

/**
 * Noto Sans SC Regular (10 MB, 30,000 glyphs), read and parsed once per process: a warm Lambda or the
 * local server pays it once (a few ms: fontkit reads tables lazily), not per PDF. pdf-lib calls
 * `fontkit.create(bytes)` on every `embedFont`, so each document gets a fontkit whose `create` hands
 * back the parsed font: only the subsetting (the glyphs the document uses) is per document. Sharing
 * is safe: fontkit's per-font caches hold the same values for every document, and each document
 * makes its own subset.
 *
 * Upstream `fontkit` 2, not pdf-lib's fork `@pdf-lib/fontkit`: the fork writes TrueType subsets with a
 * corrupt short `loca` table, so most Chinese glyphs render blank (text extraction still works, which
 * hides it; fixed upstream in fontkit 1.8). fontkit 2 encodes a subset with `encode()`, pdf-lib reads
 * it through `encodeStream()`: one shim below.
 *
 * In AWS the function is bundled, so the TTF is shipped beside it and named by QUOTE_PDF_FONT;
 * locally it comes from the npm package.
 */
const PACKAGED_FONT = "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf";

let loaded: { bytes: Uint8Array; kit: PdfLibFontkit } | undefined;

export function quoteFont(): { bytes: Uint8Array; kit: PdfLibFontkit } {
  if (!loaded) {
    const bytes = readFileSync(process.env.QUOTE_PDF_FONT || fontPath());
    const font = fontkit.create(bytes) as fontkit.Font;
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => Object.assign(createSubset(), { encodeStream: function (this: fontkit.Subset) { return Readable.from([this.encode()]); } });
    font.layout = characterLayout(font);
    loaded = { bytes, kit: { create: () => font } as unknown as PdfLibFontkit };
  }
  return loaded;
}

/**
 * One glyph per character from the cmap, instead of fontkit's OpenType shaping, which was most of the
 * time of a long quote. Chinese and the Latin of product codes need no ligatures or contextual forms;
 * Latin kerning is lost (a few hundredths of an em), and text measured for wrapping (wrap.ts) already
 * sums per-character widths, so wrapping and drawing agree exactly. Characters that draw nothing
 * (variation selectors, zero-width joiners and spaces) are dropped rather than shown as boxes.
 */
function characterLayout(font: fontkit.Font): fontkit.Font["layout"] {
  const glyphs = new Map<number, fontkit.Glyph>();
  const glyphFor = (cp: number) => {
    let glyph = glyphs.get(cp);
    if (!glyph) {
      glyph = font.glyphForCodePoint(cp);
      glyphs.set(cp, glyph);
    }
    return glyph;
  };
  return ((text: string) => {
    const run: fontkit.Glyph[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number;
      if (!INVISIBLE.test(ch)) run.push(glyphFor(cp));
    }
    return { glyphs: run };
  }) as unknown as fontkit.Font["layout"];
}

const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\ufeff\u{e0100}-\u{e01ef}]/u;

function fontPath(): string {
  // CommonJS bundles have `require`; ES modules (tsx, vitest) build one.
  const resolve = typeof require === "function" ? require.resolve : createRequire(import.meta.url).resolve;
  return resolve(PACKAGED_FONT);
}
