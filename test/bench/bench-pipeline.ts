import type { Deps } from "../../functions/core/actor";
import { ManualClock } from "../../functions/core/clock";
import { takeForecastSnapshots } from "../../functions/core/pipeline";
import type { TotalsDelta } from "../../functions/core/pipeline/totals";
import type { Db } from "../../functions/store/client";
import { type benchClient, fmt } from "./harness";
import type { loadBenchData } from "./load";
import { loadBenchPipeline } from "./load-pipeline";

type Client = ReturnType<typeof benchClient>;
export const PIPELINE_NOW = new Date("2026-11-23T02:00:00Z");
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

const FORECAST = `query($p: String!, $g: ForecastGroupBy) { forecast(period: $p, groupBy: $g) {
  rows { label weightedPipeline { fen } commit { fen } closedWon { fen } target { fen } attainment } total { weightedPipeline { fen } } } }`;
const FUNNEL = `query($p: String!) { funnel(period: $p) { stages { stage entered conversionToNext medianDwellDays } winRate averageCycleDays } }`;
const ACCURACY = `query($p: String!) { forecastAccuracy(period: $p) { total { accuracy } } }`;
const LIST = `query($f: OpportunityFilter) { opportunities(first: 50, filter: $f) { edges { node { title stage amount { fen } owner { name } } } } }`;

/**
 * Forecast and funnel read the pipeline totals, so what they read depends on months × owners, not on
 * the number of deals: measured at 10,000 deals and again at 50,000.
 */
export async function benchPipeline(
  deps: Deps,
  db: Db,
  data: Awaited<ReturnType<typeof loadBenchData>>,
  call: Client["call"],
  measure: Client["measure"],
  /** The first 10,000 deals when bench.ts loaded them already (for the lists table), with their totals. */
  preloaded?: Map<string, TotalsDelta>,
) {
  const totals = preloaded ?? new Map<string, TotalsDelta>();
  const now = PIPELINE_NOW;
  const base = { orgId: data.orgId, reps: data.reps, customerIds: data.customerIds, now, totals };
  const gm = data.gm.id;
  const manager = data.managers[0].id;

  for (const [label, count, seed] of [["10,000", 10_000, 1], ["50,000", 40_000, 2]] as const) {
    const t0 = performance.now();
    if (!(preloaded && seed === 1)) await loadBenchPipeline(db, { ...base, count, seed });
    // The November snapshot, as the scheduled job takes it at 00:05 on the 1st in Shanghai.
    await takeForecastSnapshots({ ...deps, clock: new ManualClock(new Date("2026-10-31T16:05:00Z")) }, { replace: true });
    console.log(`\nPipeline with ${label} opportunities (loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s):`);
    console.log(`  forecast(2026-Q4, REP) as GM          ${fmt(await measure(RUNS, () => call(gm, FORECAST, { p: "2026-Q4", g: "REP" })))}`);
    console.log(`  forecast(2026-Q4, TEAM) as manager    ${fmt(await measure(RUNS, () => call(manager, FORECAST, { p: "2026-Q4", g: "TEAM" })))}`);
    console.log(`  forecast(2026, REGION) as GM          ${fmt(await measure(RUNS, () => call(gm, FORECAST, { p: "2026", g: "REGION" })))}`);
    console.log(`  funnel(2026-Q4) as GM                 ${fmt(await measure(RUNS, () => call(gm, FUNNEL, { p: "2026-Q4" })))}`);
    console.log(`  funnel(2026) as GM                    ${fmt(await measure(RUNS, () => call(gm, FUNNEL, { p: "2026" })))}`);
    console.log(`  forecastAccuracy(2026-11) as GM       ${fmt(await measure(RUNS, () => call(gm, ACCURACY, { p: "2026-11" })))}`);
    console.log(`  opportunities(first: 50) as manager   ${fmt(await measure(RUNS, () => call(manager, LIST, {})))}`);
    console.log(`  opportunities(stalled) as GM          ${fmt(await measure(RUNS, () => call(gm, LIST, { f: { stalled: true } })))}`);
  }
}
