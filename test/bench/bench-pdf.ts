import { performance } from "node:perf_hooks";
import { getDocumentProxy } from "unpdf";
import { quoteFont } from "../../functions/pdf/font";
import { renderQuotePdf } from "../../functions/pdf/quote-pdf";
import { buildLines, buildQuotePdfDocument } from "../pdf/build-document";
import { percentile } from "./harness";

const RUNS = Number(process.env.BENCH_PDF_RUNS ?? 30);

/**
 * Quote PDF rendering in process, as its Lambda does once warm: the font is read and parsed first
 * (timed separately: a cold start pays it once), then each quote is rendered after a warm-up.
 * No DynamoDB: `BENCH_ONLY=pdf` runs this alone, in seconds.
 */
export async function benchPdf() {
  console.log("\nquote PDF (Noto Sans SC subset, A4; goals: 1 page < 30 ms and < 40 KB, 30 pages < 150 ms):");
  const t0 = performance.now();
  quoteFont();
  console.log(`  font read and parsed once per process   ${(performance.now() - t0).toFixed(1).padStart(6)} ms`);
  // 5 lines fill one page; 950 lines of the same price book (some names and specs wrap) fill 30.
  for (const [label, lines] of [["1-page Chinese quote (5 lines)", 5], ["30-page Chinese quote (950 lines)", 950]] as const) {
    const doc = buildQuotePdfDocument({ lines: buildLines(lines) });
    for (let i = 0; i < 10; i++) await renderQuotePdf(doc); // warm-up: JIT, glyph and width caches
    const times: number[] = [];
    let bytes: Uint8Array = new Uint8Array();
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      bytes = await renderQuotePdf(doc);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const pages = (await getDocumentProxy(new Uint8Array(bytes))).numPages;
    console.log(
      `  ${label.padEnd(36)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  ` +
        `${(bytes.length / 1024).toFixed(1)} KB  ${pages} page${pages === 1 ? "" : "s"}`,
    );
  }
}
