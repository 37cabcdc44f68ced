import { addDays, startOfLocalDay } from "../local-day";
import { monthOf } from "../period";
import type { Opportunity } from "./model";
import { FORECAST_CATEGORIES, isOpen, isWon, OPEN_STAGES, type PipelineSettings, PROGRESS_STAGES, type Stage } from "./stages";

/**
 * Pipeline totals per (month, owner), kept up to date in the same transaction as every opportunity
 * write, so forecast and funnel read a few small items however many deals there are. Two kinds:
 * - standing: what the deal contributes as it is now (open amount by stage and forecast category in
 *   its expected-close month; won or lost amount in the month it was won or lost). A write adds the
 *   new standing and subtracts the old, so any change, back-moves included, keeps the sums right.
 * - events: first entry into a stage and each exit with its dwell time, in the month they happened;
 *   these only ever accumulate. When a deal first enters a stage, the stage before it gets a
 *   conversion in the month the deal first entered that earlier stage (cohort conversion).
 * Amounts are incl. VAT (含税). A won deal counts its signed contract's amount in the month of the
 * signing day (organization calendar), not its estimate.
 */
export interface TotalsDelta {
  month: string;
  ownerId: string;
  add: Record<string, number>;
  append: Record<string, number[]>;
}

export type TotalsRow = { month: string; ownerId: string; values: Record<string, number | number[]> };

export const attr = {
  open: (stage: Stage, category: string, unit: "fen" | "n") => `fc_${stage}_${category}_${unit}`,
  won: (unit: "fen" | "n") => `won_${unit}`,
  lost: (unit: "fen" | "n") => `lost_${unit}`,
  cycle: (unit: "ms" | "n") => `cycle_${unit}`,
  entered: (stage: Stage, unit: "fen" | "n") => `in_${stage}_${unit}`,
  /** Deals that entered `stage` in this month and have since entered the next stage. */
  converted: (stage: Stage) => `conv_${stage}_n`,
  dwell: (stage: Stage) => `dwell_${stage}`,
};

export type StageEvent = { kind: "ENTERED"; stage: Stage; at: string } | { kind: "EXITED"; stage: Stage; at: string; dwellMs: number };

function standing(o: Opportunity, timeZone: string, sign: 1 | -1): TotalsDelta[] {
  const fen = o.amount?.fen ?? 0;
  const delta = (month: string, add: Record<string, number>): TotalsDelta => ({
    month,
    ownerId: o.ownerId,
    add: Object.fromEntries(Object.entries(add).map(([k, v]) => [k, sign * v])),
    append: {},
  });
  if (isOpen(o.stage)) {
    if (!o.expectedCloseOn) return [];
    const cat = o.forecastCategory;
    return [delta(o.expectedCloseOn.slice(0, 7), { [attr.open(o.stage, cat, "fen")]: fen, [attr.open(o.stage, cat, "n")]: 1 })];
  }
  if (isWon(o.stage) && o.wonAt) {
    const wonFen = o.wonAmount?.fen ?? fen;
    const month = o.wonOn ? o.wonOn.slice(0, 7) : monthOf(o.wonAt, timeZone);
    const cycleMs = Math.max(0, signedAt(o, timeZone) - Date.parse(o.createdAt));
    return [delta(month, { [attr.won("fen")]: wonFen, [attr.won("n")]: 1, [attr.cycle("ms")]: cycleMs, [attr.cycle("n")]: 1 })];
  }
  if (o.stage === "LOST" && o.lostAt) return [delta(monthOf(o.lostAt, timeZone), { [attr.lost("fen")]: fen, [attr.lost("n")]: 1 })];
  return [];
}

/** The signing, as an instant: when it was recorded, or the end of the signing day if that was earlier. */
function signedAt(o: Opportunity, timeZone: string): number {
  const recorded = Date.parse(o.wonAt as string);
  return o.wonOn ? Math.min(recorded, startOfLocalDay(addDays(o.wonOn, 1), timeZone).getTime()) : recorded;
}

function eventDelta(o: Opportunity, e: StageEvent, timeZone: string): TotalsDelta {
  // Signing enters CONTRACT_SIGNED in the signing day's month, where closed-won counts it too.
  const month = e.kind === "ENTERED" && e.stage === "CONTRACT_SIGNED" && o.wonOn ? o.wonOn.slice(0, 7) : monthOf(e.at, timeZone);
  const fen = isWon(e.stage) && o.wonAmount ? o.wonAmount.fen : (o.amount?.fen ?? 0);
  return e.kind === "ENTERED"
    ? { month, ownerId: o.ownerId, add: { [attr.entered(e.stage, "n")]: 1, [attr.entered(e.stage, "fen")]: fen }, append: {} }
    : // Whole minutes: exact enough for days-long stays, and half the digits of milliseconds to store and read.
      { month, ownerId: o.ownerId, add: {}, append: { [attr.dwell(e.stage)]: [Math.round(e.dwellMs / 60_000)] } };
}

/** The changes to the totals that one opportunity write makes, merged per (month, owner). */
export function totalsDeltas(prev: Opportunity | null, next: Opportunity, events: StageEvent[], timeZone: string): TotalsDelta[] {
  const all = [
    ...standing(next, timeZone, 1),
    ...(prev ? standing(prev, timeZone, -1) : []),
    ...events.map((e) => eventDelta(next, e, timeZone)),
    ...conversions(next, events, timeZone),
  ];
  return mergeTotals(all);
}

/**
 * Cohort conversion: a deal first entering stage X+1 converts X in the month it first entered X
 * (in this same move when it passed through X, else from its history). So a month's conversions
 * of X never outnumber the deals that entered X in it.
 */
function conversions(next: Opportunity, events: StageEvent[], timeZone: string): TotalsDelta[] {
  return events.flatMap((e) => {
    const i = PROGRESS_STAGES.indexOf(e.stage as (typeof PROGRESS_STAGES)[number]);
    if (e.kind !== "ENTERED" || i < 1) return [];
    const before = PROGRESS_STAGES[i - 1];
    const enteredBefore =
      events.find((x) => x.kind === "ENTERED" && x.stage === before)?.at ?? next.stageHistory.find((v) => v.stage === before)?.enteredAt;
    return enteredBefore ? [{ month: monthOf(enteredBefore, timeZone), ownerId: next.ownerId, add: { [attr.converted(before)]: 1 }, append: {} }] : [];
  });
}

/** Deltas summed per (month, owner), dropping what cancels out: one write per totals item. */
export function mergeTotals(deltas: TotalsDelta[]): TotalsDelta[] {
  const merged = new Map<string, TotalsDelta>();
  for (const d of deltas) {
    const k = `${d.month}|${d.ownerId}`;
    const m = merged.get(k) ?? { month: d.month, ownerId: d.ownerId, add: {}, append: {} };
    for (const [a, v] of Object.entries(d.add)) m.add[a] = (m.add[a] ?? 0) + v;
    for (const [a, v] of Object.entries(d.append)) m.append[a] = [...(m.append[a] ?? []), ...v];
    merged.set(k, m);
  }
  return [...merged.values()]
    .map((d) => ({ ...d, add: Object.fromEntries(Object.entries(d.add).filter(([, v]) => v !== 0)) }))
    .filter((d) => Object.keys(d.add).length || Object.keys(d.append).length);
}

/** The attributes a forecast reads (not the funnel's dwell lists, which can be long). */
export const FORECAST_ATTRIBUTES = [
  ...OPEN_STAGES.flatMap((stage) => FORECAST_CATEGORIES.flatMap((c) => [attr.open(stage, c, "fen"), attr.open(stage, c, "n")])),
  attr.won("fen"),
  attr.won("n"),
  attr.lost("n"),
];

export interface Figures {
  /** Open amount × stage probability. */
  weightedFen: number;
  pipelineFen: number;
  bestCaseFen: number;
  commitFen: number;
  openCount: number;
  closedWonFen: number;
  wonCount: number;
  lostCount: number;
}

const num = (row: TotalsRow, a: string) => (typeof row.values[a] === "number" ? (row.values[a] as number) : 0);

/** Forecast figures of some rows, weighted with the probabilities in force. Rounded once, to whole fen. */
export function figuresOf(rows: TotalsRow[], pipeline: PipelineSettings): Figures {
  let weighted100 = 0;
  const f: Figures = { weightedFen: 0, pipelineFen: 0, bestCaseFen: 0, commitFen: 0, openCount: 0, closedWonFen: 0, wonCount: 0, lostCount: 0 };
  for (const row of rows) {
    for (const stage of OPEN_STAGES) {
      const probability = pipeline.stages.find((s) => s.stage === stage)?.probability ?? 0;
      for (const cat of FORECAST_CATEGORIES) {
        const fen = num(row, attr.open(stage, cat, "fen"));
        weighted100 += fen * probability;
        f.openCount += num(row, attr.open(stage, cat, "n"));
        if (cat === "PIPELINE") f.pipelineFen += fen;
        if (cat === "BEST_CASE") f.bestCaseFen += fen;
        if (cat === "COMMIT") f.commitFen += fen;
      }
    }
    f.closedWonFen += num(row, attr.won("fen"));
    f.wonCount += num(row, attr.won("n"));
    f.lostCount += num(row, attr.lost("n"));
  }
  f.weightedFen = Math.round(weighted100 / 100);
  return f;
}

export interface FunnelFigures {
  stages: { stage: Stage; entered: number; enteredFen: number; converted: number; dwellMinutes: number[] }[];
  wonCount: number;
  lostCount: number;
  cycleMs: number;
  cycleCount: number;
}

export function funnelOf(rows: TotalsRow[]): FunnelFigures {
  return {
    stages: PROGRESS_STAGES.map((stage) => ({
      stage,
      entered: rows.reduce((s, r) => s + num(r, attr.entered(stage, "n")), 0),
      enteredFen: rows.reduce((s, r) => s + num(r, attr.entered(stage, "fen")), 0),
      converted: rows.reduce((s, r) => s + num(r, attr.converted(stage)), 0),
      dwellMinutes: rows.flatMap((r) => (Array.isArray(r.values[attr.dwell(stage)]) ? (r.values[attr.dwell(stage)] as number[]) : [])),
    })),
    wonCount: rows.reduce((s, r) => s + num(r, attr.won("n")), 0),
    lostCount: rows.reduce((s, r) => s + num(r, attr.lost("n")), 0),
    cycleMs: rows.reduce((s, r) => s + num(r, attr.cycle("ms")), 0),
    cycleCount: rows.reduce((s, r) => s + num(r, attr.cycle("n")), 0),
  };
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
