import type { Actor, Deps } from "../actor";
import { addMonths, monthOf, parsePeriod } from "../period";
import { type Group, type GroupBy, groupRows, inScope, reportingOwners } from "./reporting";
import { attr, FORECAST_ATTRIBUTES, figuresOf, type TotalsRow } from "./totals";
import { FORECAST_CATEGORIES, OPEN_STAGES } from "./stages";
import type { PipelineSettings } from "./stages";

/** How far ahead a snapshot reaches: any month, quarter or year starting at its month can be judged. */
const SNAPSHOT_MONTHS = 12;

const weighted100 = (row: TotalsRow, pipeline: PipelineSettings) =>
  OPEN_STAGES.reduce((sum, stage) => {
    const p = pipeline.stages.find((s) => s.stage === stage)?.probability ?? 0;
    return sum + FORECAST_CATEGORIES.reduce((s, c) => s + ((row.values[attr.open(stage, c, "fen")] as number) ?? 0) * p, 0);
  }, 0);

/**
 * At the start of each month (organization time), keeps the forecast as it stands for the twelve
 * months ahead, weighted with the probabilities in force then. Runs with the scheduled sweep; once
 * a month's snapshot exists, later runs leave it alone (the demo loader, replaying history, replaces).
 */
export async function takeForecastSnapshots(deps: Deps, opts: { replace?: boolean } = {}): Promise<{ taken: string[] }> {
  const taken: string[] = [];
  const store = deps.store.pipelineTotals;
  for (const orgId of await store.organizations()) {
    const org = await deps.store.organizations.get(orgId);
    const now = deps.clock.now();
    const month = monthOf(now, org.timeZone);
    if (!opts.replace && (await store.snapshotTaken(orgId, month))) continue;
    const months = Array.from({ length: SNAPSHOT_MONTHS }, (_, i) => addMonths(month, i));
    const rows = await store.months(orgId, months, FORECAST_ATTRIBUTES);
    await store.saveSnapshot(orgId, month, now.toISOString(), rows.map((r) => ({ ...r, weighted100: weighted100(r, org.pipeline) })));
    taken.push(`${orgId}:${month}`);
  }
  return { taken };
}

export interface AccuracyRow {
  group: Group;
  /** Forecast at the period's start: weighted open pipeline plus what was already won. */
  forecastFen: number;
  commitFen: number;
  actualFen: number;
  /** 1 − |actual − forecast| ÷ forecast, not below 0; null when nothing was forecast. */
  accuracy: number | null;
}

export interface Accuracy {
  period: string;
  snapshotTakenAt: string;
  groupBy: GroupBy;
  rows: AccuracyRow[];
  total: AccuracyRow;
}

function accuracyRow(group: Group, snap: (TotalsRow & { weighted100: number })[], actual: TotalsRow[], pipeline: PipelineSettings): AccuracyRow {
  const then = figuresOf(snap, pipeline);
  const forecastFen = Math.round(snap.reduce((s, r) => s + r.weighted100, 0) / 100) + then.closedWonFen;
  const actualFen = figuresOf(actual, pipeline).closedWonFen;
  const accuracy = forecastFen > 0 ? Math.max(0, 1 - Math.abs(actualFen - forecastFen) / forecastFen) : null;
  return { group, forecastFen, commitFen: then.commitFen, actualFen, accuracy };
}

/** What was forecast at the start of a period against what closed in it; null without a snapshot. */
export async function forecastAccuracy(actor: Actor, periodKey: string, groupBy: GroupBy): Promise<Accuracy | null> {
  const period = parsePeriod(periodKey);
  const owners = await reportingOwners(actor);
  const org = await actor.org();
  const store = actor.deps.store.pipelineTotals;
  const takenAt = await store.snapshotTaken(org.id, period.months[0]);
  if (!takenAt) return null;
  const [snap, actual, users] = await Promise.all([
    store.snapshot(org.id, period.months[0], period.months),
    store.months(org.id, period.months, FORECAST_ATTRIBUTES),
    actor.orgUsers(),
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  const [snapIn, actualIn] = [snap.filter(inScope(owners)), actual.filter(inScope(owners))];
  const snapGroups = groupRows(snapIn, groupBy, byId);
  const actualGroups = groupRows(actualIn, groupBy, byId);
  const keys = new Set([...snapGroups.keys(), ...actualGroups.keys()]);
  const rows = [...keys].map((k) => {
    const group = (snapGroups.get(k) ?? actualGroups.get(k))!.group;
    return accuracyRow(group, snapGroups.get(k)?.rows ?? [], actualGroups.get(k)?.rows ?? [], org.pipeline);
  });
  return {
    period: period.key,
    snapshotTakenAt: takenAt,
    groupBy,
    rows,
    total: accuracyRow({ key: "TOTAL", userId: null, label: { zh: "合计", en: "Total" } }, snapIn, actualIn, org.pipeline),
  };
}
