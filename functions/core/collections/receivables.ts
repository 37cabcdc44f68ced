import type { Actor } from "../actor";
import { ForbiddenError } from "../errors";
import { addDays, daysBetween } from "../local-day";
import type { Currency } from "../money";
import { hasRole } from "../user/model";
import { Checker } from "../validate";
import { outstandingOf, receivedOf, type Instalment } from "./model";

export const AGING_BUCKETS = ["NOT_DUE", "DAYS_1_30", "DAYS_31_60", "DAYS_61_90", "OVER_90"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface ReceivablesFilter {
  ownerId?: string | null;
  customerId?: string | null;
}

export interface CollectionRate {
  id: string;
  /** Amounts of instalments due on or before the day. */
  dueFen: number;
  /** Received by the day on those instalments (each counted up to its amount). */
  collectedFen: number;
  /** collected ÷ due; null when nothing was due. */
  rate: number | null;
}

export interface Receivables {
  asOf: string;
  currency: Currency;
  outstandingFen: number;
  aging: { bucket: AgingBucket; fen: number; count: number }[];
  /** Outstanding on instalments due by the day. */
  dueOutstandingFen: number;
  /** Amounts that fell due in the 90 days up to the day. */
  dueLast90Fen: number;
  dso: number | null;
  byRep: CollectionRate[];
  byCustomer: CollectionRate[];
}

/** Which bucket an instalment's unpaid rest sits in on a day: by whole days past its due date. */
export function agingBucket(dueOn: string | null, asOf: string): AgingBucket {
  if (!dueOn || dueOn >= asOf) return "NOT_DUE";
  const late = daysBetween(dueOn, asOf);
  return late <= 30 ? "DAYS_1_30" : late <= 60 ? "DAYS_31_60" : late <= 90 ? "DAYS_61_90" : "OVER_90";
}

/**
 * Whose instalments the viewer reads: finance, GM and ADMIN everyone's; reps and managers their own
 * and their team's. Others (TECH, LEGAL) own no sales: zeros would read as "nothing owed", so refused.
 */
async function ownersInView(actor: Actor): Promise<Set<string> | "ALL"> {
  if (hasRole(actor.viewer, "FINANCE", "GM", "ADMIN")) return "ALL";
  if (!hasRole(actor.viewer, "REP", "MANAGER")) throw new ForbiddenError();
  return new Set([actor.viewer.id, ...(await actor.team())]);
}

const rates = (list: Instalment[], keyOf: (i: Instalment) => string, asOf: string): CollectionRate[] => {
  const by = new Map<string, { dueFen: number; collectedFen: number }>();
  for (const i of list) {
    const r = by.get(keyOf(i)) ?? { dueFen: 0, collectedFen: 0 };
    if (i.dueOn && i.dueOn <= asOf) {
      r.dueFen += i.amountFen;
      r.collectedFen += Math.min(i.amountFen, receivedOf(i, asOf));
    }
    by.set(keyOf(i), r);
  }
  return [...by.entries()]
    .map(([id, r]) => ({ id, ...r, rate: r.dueFen ? Math.round((r.collectedFen / r.dueFen) * 10_000) / 10_000 : null }))
    .sort((a, b) => b.dueFen - a.dueFen || a.id.localeCompare(b.id));
};

/**
 * The receivables of signed contracts on a day (organization calendar): what is still owed by aging
 * bucket, DSO and collection rates, from the instalments and the payments received up to that day.
 * Reads the organization's instalment partitions only (never the table).
 * DSO = outstanding on instalments due by the day ÷ amounts that fell due in the 90 days up to it × 90.
 */
export async function receivables(actor: Actor, filter: ReceivablesFilter, asOf: string): Promise<Receivables> {
  const c = new Checker();
  c.day("asOf", asOf);
  c.done();
  const owners = await ownersInView(actor);
  if (filter.ownerId && owners !== "ALL" && !owners.has(filter.ownerId)) throw new ForbiddenError();
  const org = await actor.org();
  const list = (await actor.deps.store.instalments.forOrg(org.id)).filter(
    (i) =>
      i.signedOn <= asOf &&
      (owners === "ALL" || owners.has(i.ownerId)) &&
      (!filter.ownerId || i.ownerId === filter.ownerId) &&
      (!filter.customerId || i.customerId === filter.customerId),
  );
  const aging = AGING_BUCKETS.map((bucket) => ({ bucket, fen: 0, count: 0 }));
  let dueOutstandingFen = 0;
  let dueLast90Fen = 0;
  const from = addDays(asOf, -89);
  for (const i of list) {
    const owed = outstandingOf(i, asOf);
    if (owed > 0) {
      const b = aging[AGING_BUCKETS.indexOf(agingBucket(i.dueOn, asOf))];
      b.fen += owed;
      b.count++;
    }
    if (i.dueOn && i.dueOn <= asOf) dueOutstandingFen += owed;
    if (i.dueOn && i.dueOn >= from && i.dueOn <= asOf) dueLast90Fen += i.amountFen;
  }
  return {
    asOf,
    currency: org.currency,
    outstandingFen: aging.reduce((s, b) => s + b.fen, 0),
    aging,
    dueOutstandingFen,
    dueLast90Fen,
    dso: dueLast90Fen ? Math.round((dueOutstandingFen / dueLast90Fen) * 90 * 10) / 10 : null,
    byRep: rates(list, (i) => i.ownerId, asOf),
    byCustomer: rates(list, (i) => i.customerId, asOf),
  };
}
