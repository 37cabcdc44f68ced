import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Deps } from "../../functions/core/actor";
import { ManualClock } from "../../functions/core/clock";
import type { QuoteSend } from "../../functions/core/quote-delivery/model";
import { viewHashOf } from "../../functions/core/quote-delivery/send";
import { recordHeartbeat, recordOpening } from "../../functions/core/quote-tracking";
import { renderQuotePdf } from "../../functions/pdf/quote-pdf";
import type { Db } from "../../functions/store/client";
import { buildLines, buildQuotePdfDocument } from "../pdf/build-document";
import { percentile } from "./harness";

const VISITS = Number(process.env.BENCH_VISITS ?? 100);
const BEATS = Number(process.env.BENCH_BEATS ?? 3000);
const IN_FLIGHT = 20;
const QUOTES = Number(process.env.BENCH_QUOTES ?? 10);
const BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

/**
 * View-event ingestion: 100 customers (one link each, over ten quotes) have the view page open; their
 * pages' heartbeats arrive 20 at a time, as the view Lambda would take them. Each beat is credited
 * by the server's clock to its visit and added atomically to its quote's engagement.
 */
export async function benchViews(systemDeps: Deps, db: Db) {
  // The server's clock decides dwell and when a visit is a person's (two reports 10 s apart): moved by hand here.
  const clock = new ManualClock(new Date());
  const deps: Deps = { ...systemDeps, clock };
  console.log(`\nquote view events (${VISITS} open visits over ${QUOTES} quotes, ${IN_FLIGHT} heartbeats in flight):`);
  const pdf = await renderQuotePdf(buildQuotePdfDocument({ lines: buildLines(60) }));
  await deps.files.put("bench/quote.pdf", pdf, "application/pdf");
  const sentAt = new Date(clock.now().getTime() - 3_600_000).toISOString();
  const run = randomBytes(4).toString("hex");
  const links = await Promise.all(
    Array.from({ length: VISITS }, async (_, i) => {
      const send: QuoteSend = {
        id: `bench-${run}-${i}`, orgId: "bench", quoteId: `bench-${run}-quote-${i % QUOTES}`, revision: 1, idempotencyKey: `${i}`, to: ["buyer@customer.example"], cc: [], message: null,
        sentBy: "bench", sentAt, pdfSha256: `bench-${run}`, pdfKey: "bench/quote.pdf", pdfFileName: "quote.pdf", messageId: null, status: "SENDING", claimedAt: null, deliveredToSesAt: null,
      };
      await deps.store.quoteSends.create(send);
      const viewId = randomBytes(32).toString("base64url");
      await deps.store.quoteSends.claim(send, sentAt, sentAt, viewHashOf(viewId));
      return viewId;
    }),
  );
  const req = (i: number) => ({ method: "GET" as const, ip: `58.246.${i % 250}.${1 + (i % 200)}`, userAgent: BROWSER });
  const openings = await Promise.all(links.map(async (viewId, i) => ({ viewId, o: (await recordOpening(deps, viewId, req(i)))! })));
  const pages = openings[0].o.pageCount as number;
  // Two beats 15 s apart make each visit a person's (and look for the first-view email); the rest is the steady state.
  const beatAll = () => Promise.all(openings.map(({ viewId, o }, i) => recordHeartbeat(deps, viewId, { ...req(i), method: "POST" }, { visitToken: o.visitToken, page: 1, pageCount: pages })));
  await beatAll();
  clock.advance(15_000);
  await beatAll();

  const before = { ...db.stats.byCommand };
  const times: number[] = [];
  let next = 0;
  let refused = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = next++; i < BEATS; i = next++) {
        const { viewId, o } = openings[i % VISITS];
        clock.advance(100);
        const start = performance.now();
        const ok = await recordHeartbeat(deps, viewId, { ...req(i), method: "POST" }, { visitToken: o.visitToken, page: 1 + (Math.floor(i / VISITS) % pages), pageCount: pages });
        times.push(performance.now() - start);
        if (!ok) refused++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const per = (names: string[]) => (names.reduce((s, n) => s + (db.stats.byCommand[n] ?? 0) - (before[n] ?? 0), 0) / BEATS).toFixed(2);
  console.log(`  heartbeats ingested                      ${(BEATS / seconds).toFixed(0).padStart(6)} /s  (${BEATS} beats, ${refused} refused, one Node process, DynamoDB Local)`);
  console.log(`  latency per heartbeat                    p50 ${times[Math.floor(times.length / 2)].toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms`);
  console.log(`  DynamoDB per heartbeat                   ${per(["PutItemCommand", "UpdateItemCommand", "TransactWriteItemsCommand"])} writes, ${per(["GetItemCommand", "BatchGetItemCommand", "QueryCommand"])} reads`);
}
