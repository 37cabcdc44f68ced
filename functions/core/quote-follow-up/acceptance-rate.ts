import type { Actor } from "../actor";
import { ForbiddenError } from "../errors";
import { parsePeriod } from "../period";
import { type Group, type GroupBy, groupOf, reportingOwners } from "../pipeline/reporting";
import { median } from "../pipeline/totals";
import { hasRole } from "../user/model";

export interface AcceptanceFigures {
  /** Quotes whose first send (SES took it) fell in the period. */
  sent: number;
  /** Of those, opened by a person through any of their sends (machine and internal views never count). */
  viewed: number;
  /** Of those, accepted by the customer online. */
  accepted: number;
  /** accepted ÷ sent; null when none was sent. */
  rate: number | null;
  /** From the first send to the first human view, and to the acceptance, in hours. */
  medianHoursToFirstView: number | null;
  medianHoursToAcceptance: number | null;
}

export interface AcceptanceRow {
  group: Group;
  figures: AcceptanceFigures;
}

export interface AcceptanceRate {
  period: string;
  groupBy: GroupBy;
  rows: AcceptanceRow[];
  total: AcceptanceFigures;
}

/** What one sent quote contributes: hours to its first human view and to its acceptance, when they happened. */
interface QuoteOutcome {
  ownerId: string;
  hoursToView: number | null;
  hoursToAcceptance: number | null;
}

const HOUR = 3_600_000;

const hoursBetween = (from: string, to: string | null) => (to ? Math.max(0, Date.parse(to) - Date.parse(from)) / HOUR : null);

function figuresOf(outcomes: QuoteOutcome[]): AcceptanceFigures {
  const toView = outcomes.flatMap((o) => (o.hoursToView === null ? [] : [o.hoursToView]));
  const toAcceptance = outcomes.flatMap((o) => (o.hoursToAcceptance === null ? [] : [o.hoursToAcceptance]));
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    sent: outcomes.length,
    viewed: toView.length,
    accepted: toAcceptance.length,
    rate: outcomes.length ? toAcceptance.length / outcomes.length : null,
    medianHoursToFirstView: round(median(toView)),
    medianHoursToAcceptance: round(median(toAcceptance)),
  };
}

/**
 * How sent quotes fare, per rep, team or region, for managers (their team), GM and ADMIN: the
 * quotes first sent in the period, how many a person opened and how many were accepted, and the
 * median hours to each. Reads the period's months of the first-send index (each marker keeps
 * the quote's first human view and acceptance) and the quotes: no scan, and only what the server recorded.
 */
export async function quoteAcceptanceRate(actor: Actor, periodKey: string, groupBy: GroupBy): Promise<AcceptanceRate> {
  if (!hasRole(actor.viewer, "MANAGER", "GM", "ADMIN")) throw new ForbiddenError();
  const period = parsePeriod(periodKey);
  const { store } = actor.deps;
  const [owners, firsts, users] = await Promise.all([reportingOwners(actor), store.quoteSendIndex.firstSendsIn(actor.viewer.orgId, period.months), actor.orgUsers()]);
  const quotes = await store.quotes.getMany(firsts.map((f) => f.quoteId));
  const outcomes: QuoteOutcome[] = firsts.flatMap((f, i) => {
    const q = quotes[i];
    if (!q || (owners !== "ALL" && !owners.has(q.ownerId))) return [];
    return [{ ownerId: q.ownerId, hoursToView: hoursBetween(f.sentAt, f.firstHumanViewAt ?? null), hoursToAcceptance: hoursBetween(f.sentAt, f.acceptedAt ?? null) }];
  });

  const byId = new Map(users.map((u) => [u.id, u]));
  const groups = new Map<string, { group: Group; outcomes: QuoteOutcome[] }>();
  for (const o of outcomes) {
    const group = groupOf(o.ownerId, groupBy, byId);
    const entry = groups.get(group.key) ?? { group, outcomes: [] };
    entry.outcomes.push(o);
    groups.set(group.key, entry);
  }
  const rows = [...groups.values()]
    .map((g) => ({ group: g.group, figures: figuresOf(g.outcomes) }))
    .sort((a, b) => b.figures.sent - a.figures.sent || a.group.label.zh.localeCompare(b.group.label.zh, "zh-CN"));
  return { period: period.key, groupBy, rows, total: figuresOf(outcomes) };
}
