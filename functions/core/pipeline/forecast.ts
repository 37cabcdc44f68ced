import type { Actor } from "../actor";
import { parsePeriod } from "../period";
import type { User } from "../user/model";
import { type Group, type GroupBy, groupOf, groupRows, inScope, reportingOwners, teamOf } from "./reporting";
import { targetRollup } from "./targets";
import { FORECAST_ATTRIBUTES, type Figures, figuresOf } from "./totals";

export interface ForecastRow {
  group: Group;
  figures: Figures;
  targetFen: number | null;
  /** closed-won ÷ target. */
  attainment: number | null;
}

export interface Forecast {
  period: string;
  currency: string;
  groupBy: GroupBy;
  rows: ForecastRow[];
  total: ForecastRow;
}

const ratio = (a: number, b: number | null) => (b ? a / b : null);

/** Targets of a period per USER#id / TEAM#id; a quarter or year without its own falls back to its months'. */
async function targetsFor(actor: Actor, periodKey: string, months: string[]): Promise<Map<string, number>> {
  const store = actor.deps.store.pipelineTotals;
  const orgId = actor.viewer.orgId;
  const direct = new Map((await store.targets(orgId, periodKey)).map((t) => [`${t.scope}#${t.id}`, t.amount.fen]));
  if (months.length === 1) return direct;
  const byMonth = await Promise.all(months.map((m) => store.targets(orgId, m)));
  const summed = new Map<string, number>();
  for (const t of byMonth.flat()) summed.set(`${t.scope}#${t.id}`, (summed.get(`${t.scope}#${t.id}`) ?? 0) + t.amount.fen);
  return new Map([...summed, ...direct]);
}

function targetOf(group: Group, groupBy: GroupBy, targets: Map<string, number>, members: User[], rollup: ReturnType<typeof targetRollup>): number | null {
  const userSum = (us: User[]) => {
    const known = us.map((u) => targets.get(`USER#${u.id}`)).filter((v): v is number => v !== undefined);
    return known.length ? known.reduce((a, b) => a + b, 0) : null;
  };
  if (groupBy === "REP") return targets.get(`USER#${group.key}`) ?? null;
  if (groupBy === "TEAM") return rollup.team(group.key);
  return userSum(members);
}

/**
 * The forecast of a period (month "2026-11", quarter "2026-Q4" or year), per rep, team or region:
 * weighted open pipeline (amount × stage probability) by expected close date, the PIPELINE,
 * BEST_CASE and COMMIT amounts, closed-won (contracts signed in the period), and target attainment.
 * Read from the pipeline totals: a few items per month and owner, whatever the number of deals.
 */
export async function forecast(actor: Actor, periodKey: string, groupBy: GroupBy): Promise<Forecast> {
  const period = parsePeriod(periodKey);
  const owners = await reportingOwners(actor);
  const org = await actor.org();
  const [rows, users, targets] = await Promise.all([
    actor.deps.store.pipelineTotals.months(org.id, period.months, FORECAST_ATTRIBUTES),
    actor.orgUsers(),
    targetsFor(actor, period.key, period.months),
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  const visible = rows.filter(inScope(owners));
  const groups = groupRows(visible, groupBy, byId);
  const rollup = targetRollup(users.filter((u) => inScope(owners)({ ownerId: u.id })), targets);
  // People in view with a target but no deals still get a row: a target with nothing behind it matters.
  for (const u of users) {
    const hasTarget = targets.has(`USER#${u.id}`) || (groupBy === "TEAM" && targets.has(`TEAM#${u.id}`));
    if (!inScope(owners)({ ownerId: u.id }) || !hasTarget) continue;
    const g = groupOf(u.id, groupBy, byId);
    if (!groups.has(g.key)) groups.set(g.key, { group: g, rows: [] });
  }
  const membersOf = (g: Group) =>
    users.filter(
      (u) =>
        inScope(owners)({ ownerId: u.id }) &&
        (groupBy === "REP" ? u.id === g.key : groupBy === "TEAM" ? teamOf(u, u.id) === g.key : (u.region ?? "-") === g.key),
    );
  const out: ForecastRow[] = [...groups.values()].map(({ group, rows: rs }) => {
    const figures = figuresOf(rs, org.pipeline);
    const targetFen = targetOf(group, groupBy, targets, membersOf(group), rollup);
    return { group, figures, targetFen, attainment: ratio(figures.closedWonFen, targetFen) };
  });
  out.sort((a, b) => b.figures.weightedFen + b.figures.closedWonFen - (a.figures.weightedFen + a.figures.closedWonFen));
  const totalFigures = figuresOf(visible, org.pipeline);
  // The same figure whichever way the rows are grouped (TEAM rows of nested teams overlap).
  const totalTarget = rollup.total();
  return {
    period: period.key,
    currency: org.currency,
    groupBy,
    rows: out,
    total: {
      group: { key: "TOTAL", userId: null, label: { zh: "合计", en: "Total" } },
      figures: totalFigures,
      targetFen: totalTarget,
      attainment: ratio(totalFigures.closedWonFen, totalTarget),
    },
  };
}
