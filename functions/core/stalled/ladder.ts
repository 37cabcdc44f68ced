import { addBusinessHours, businessCalendarOf, nextWorkingDay } from "../calendar/business-hours";
import { addDays, localDay, startOfLocalDay } from "../local-day";
import type { Organization } from "../organization";
import type { Opportunity } from "../pipeline/model";
import { isOpen, stageSettings } from "../pipeline/stages";

export const STALLED_JOB = "STALLED";

export interface LadderTimes {
  /** When the deal first counts as stalled: the local midnight after `stalledAfterDays` whole days. */
  stalledAt: Date;
  /** The owner is told at the first working instant from then (not at 00:00 on a Saturday). */
  ownerAt: Date;
  /** The owner's manager, one business day later: the same time on the next working day. */
  managerAt: Date;
}

/**
 * The stalled ladder of one stay in a stage, with the organization's current settings; null when the
 * stage never stalls (closed, or its limit is 0). "Stalled" is what `opportunity.stalled` shows: more
 * whole local days in the stage than the limit.
 */
export function ladderOf(org: Organization, o: Pick<Opportunity, "stage" | "stageEnteredAt">): LadderTimes | null {
  if (!isOpen(o.stage)) return null;
  const limit = stageSettings(org.pipeline, o.stage)?.stalledAfterDays ?? 0;
  if (limit <= 0) return null;
  const cal = businessCalendarOf(org);
  const entryDay = localDay(new Date(o.stageEnteredAt), org.timeZone);
  const stalledAt = startOfLocalDay(addDays(entryDay, limit + 1), org.timeZone);
  const ownerAt = addBusinessHours(cal, stalledAt, 0);
  return { stalledAt, ownerAt, managerAt: oneBusinessDayAfter(org, ownerAt) };
}

/** The same time of day on the next working day: when the manager hears of what the owner was told. */
export function oneBusinessDayAfter(org: Organization, at: Date): Date {
  const day = localDay(at, org.timeZone);
  const sinceMidnight = at.getTime() - startOfLocalDay(day, org.timeZone).getTime();
  return new Date(startOfLocalDay(nextWorkingDay(businessCalendarOf(org), day), org.timeZone).getTime() + sinceMidnight);
}
