import type { Actor } from "../actor";
import { parsePeriod } from "../period";
import { inScope, reportingOwners, teamOf } from "./reporting";
import { funnelOf, median } from "./totals";
import { PROGRESS_STAGES, type Stage } from "./stages";

const DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;

export interface FunnelFilter {
  ownerId?: string | null;
  /** A manager's id: their team. */
  teamId?: string | null;
  region?: string | null;
}

export interface FunnelStage {
  stage: Stage;
  /** Deals entering the stage in the period (each deal once per stage). */
  entered: number;
  enteredFen: number;
  /**
   * Cohort conversion: of the deals that first entered this stage in the period, the share that has
   * since first entered the next one (so at most 1). Null when none entered.
   */
  conversionToNext: number | null;
  /** Median time in the stage, in days, of the stays that ended in the period. */
  medianDwellDays: number | null;
}

export interface Funnel {
  period: string;
  stages: FunnelStage[];
  wonCount: number;
  lostCount: number;
  /** won ÷ (won + lost) of the deals closed in the period. */
  winRate: number | null;
  /** Mean days from lead to signed contract, of the deals signed in the period. */
  averageCycleDays: number | null;
}

/** The pipeline's flow through a period, from the pipeline totals: no scan, whatever the table holds. */
export async function funnel(actor: Actor, periodKey: string, filter: FunnelFilter = {}): Promise<Funnel> {
  const period = parsePeriod(periodKey);
  const owners = await reportingOwners(actor);
  const [rows, users] = await Promise.all([actor.deps.store.pipelineTotals.months(actor.viewer.orgId, period.months), actor.orgUsers()]);
  const byId = new Map(users.map((u) => [u.id, u]));
  const chosen = rows.filter(inScope(owners)).filter((r) => {
    const u = byId.get(r.ownerId);
    return (
      (!filter.ownerId || r.ownerId === filter.ownerId) &&
      (!filter.teamId || teamOf(u, r.ownerId) === filter.teamId) &&
      (!filter.region || u?.region === filter.region)
    );
  });
  const f = funnelOf(chosen);
  const stages = f.stages.map((s, i) => {
    const next = f.stages[i + 1];
    // Capped: a deal handed to another owner converts in its new owner's row, which a filter may split.
    const conversion = next && s.entered ? Math.min(1, s.converted / s.entered) : null;
    const dwell = median(s.dwellMinutes);
    return {
      stage: s.stage,
      entered: s.entered,
      enteredFen: s.enteredFen,
      conversionToNext: conversion,
      medianDwellDays: dwell === null ? null : dwell / MINUTES_PER_DAY,
    };
  });
  return {
    period: period.key,
    stages: stages.filter((s) => PROGRESS_STAGES.includes(s.stage as (typeof PROGRESS_STAGES)[number])),
    wonCount: f.wonCount,
    lostCount: f.lostCount,
    winRate: f.wonCount + f.lostCount ? f.wonCount / (f.wonCount + f.lostCount) : null,
    averageCycleDays: f.cycleCount ? f.cycleMs / f.cycleCount / DAY : null,
  };
}
