import type { Actor } from "../actor";
import { businessCalendarOf, businessHoursBetween } from "../calendar/business-hours";
import { ForbiddenError } from "../errors";
import { startOfLocalDay } from "../local-day";
import { addMonths, parsePeriod } from "../period";
import { median } from "../pipeline/totals";
import { hasRole } from "../user/model";
import { isBreached } from "./sla";

export type WorkOrderStatsGroupBy = "DEPARTMENT" | "TYPE";

export interface WorkOrderStatsRow {
  /** The handling role (DEPARTMENT) or the type's key (TYPE). */
  key: string;
  count: number;
  responded: number;
  resolved: number;
  /** Business hours from creation to the first response, median over the responded; two decimals. */
  medianResponseHours: number | null;
  /** Business hours from creation to resolution (or rejection), median over the finished; two decimals. */
  medianResolutionHours: number | null;
  /** Orders that missed either deadline (answered late, or past it unanswered at the time of asking). */
  breached: number;
  /** breached ÷ count, percent with one decimal (half up). */
  breachRatePercent: number;
}

/** Half up to `places` decimals, on the decimal value (1.005 → 1.01), as every figure here is rounded. */
const round = (x: number, places: number) => Number(`${Math.round(Number(`${x}e${places}`))}e-${places}`);

/**
 * Work orders created in the period (organization calendar), grouped by handling department or by
 * type: how many, the median response and resolution times in business hours, and the share that
 * missed a deadline. Managers, GM and ADMIN. Reads only the period's orders (byOrg by creation).
 */
export async function workOrderStats(actor: Actor, periodKey: string, groupBy: WorkOrderStatsGroupBy): Promise<WorkOrderStatsRow[]> {
  if (!hasRole(actor.viewer, "MANAGER", "GM", "ADMIN")) throw new ForbiddenError();
  const period = parsePeriod(periodKey);
  const org = await actor.org();
  const cal = businessCalendarOf(org);
  const from = startOfLocalDay(`${period.months[0]}-01`, org.timeZone).toISOString();
  const to = startOfLocalDay(`${addMonths(period.months.at(-1)!, 1)}-01`, org.timeZone).toISOString();
  const orders = await actor.deps.store.workOrders.createdBetween(org.id, from, to);
  const now = actor.deps.clock.now();
  const groups = new Map<string, typeof orders>();
  for (const wo of orders) {
    const key = groupBy === "DEPARTMENT" ? wo.handlingRole : wo.typeKey;
    groups.set(key, [...(groups.get(key) ?? []), wo]);
  }
  const hours = (a: string, b: string) => businessHoursBetween(cal, new Date(a), new Date(b));
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, wos]) => {
      const response = wos.filter((w) => w.respondedAt).map((w) => hours(w.createdAt, w.respondedAt!));
      const resolution = wos.filter((w) => w.finishedAt).map((w) => hours(w.createdAt, w.finishedAt!));
      const breached = wos.filter((w) => w.breached.length || isBreached(w, "RESPONSE", now) || isBreached(w, "RESOLUTION", now)).length;
      const [mr, ms] = [median(response), median(resolution)];
      return {
        key,
        count: wos.length,
        responded: response.length,
        resolved: resolution.length,
        medianResponseHours: mr === null ? null : round(mr, 2),
        medianResolutionHours: ms === null ? null : round(ms, 2),
        breached,
        breachRatePercent: round((breached / wos.length) * 100, 1),
      };
    });
}
