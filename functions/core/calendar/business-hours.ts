import chineseDays from "chinese-days";
import { addDays, localDay, startOfLocalDay } from "../local-day";

/**
 * Business hours of an organization: its working hours on working days, in its time zone. Working
 * days are China's (weekends off, public holidays off, make-up workdays 调休 on, from the kept
 * `chinese-days` calendar), then the organization's own closed days off and extra workdays on.
 * Deadlines in business hours ("first contact within 2 h", "feasibility review in 24 h") and
 * durations ("responded in 3.5 business hours") are counted here and nowhere else.
 */
export interface BusinessCalendar {
  timeZone: string;
  /** "HH:mm" local, e.g. 09:00 to 18:00 (the default). */
  workStart: string;
  workEnd: string;
  /** Local days (YYYY-MM-DD) the organization is closed although China works (a company outing). */
  closedDays: string[];
  /** Local days the organization works although China does not (a stock-taking Saturday). */
  extraWorkdays: string[];
}

export const DEFAULT_WORK_START = "09:00";
export const DEFAULT_WORK_END = "18:00";
const HOUR = 3_600_000;
const MINUTE = 60_000;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether people work on this local day. */
export function isWorkingDay(cal: BusinessCalendar, day: string): boolean {
  if (cal.closedDays.includes(day)) return false;
  if (cal.extraWorkdays.includes(day)) return true;
  return chineseDays.isWorkday(day);
}

/** The working interval of a local day as instants, or null on a day off. */
export function workingInterval(cal: BusinessCalendar, day: string): { start: number; end: number } | null {
  if (!isWorkingDay(cal, day)) return null;
  const midnight = startOfLocalDay(day, cal.timeZone).getTime();
  return { start: midnight + minutesOf(cal.workStart) * MINUTE, end: midnight + minutesOf(cal.workEnd) * MINUTE };
}

/** Longer than any run of days off China or an organization has (Spring Festival plus closures). */
const MAX_DAYS_SEARCHED = 400;

/**
 * The instant `hours` business hours after `from`. Time outside working hours does not count: a
 * 2-hour deadline set on Friday at 17:00 falls on Monday at 10:00 (or after the holiday).
 * `hours` may be fractional; 0 gives the next working instant at or after `from`.
 */
export function addBusinessHours(cal: BusinessCalendar, from: Date, hours: number): Date {
  let left = Math.round(hours * HOUR);
  let day = localDay(from, cal.timeZone);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, day = addDays(day, 1)) {
    const w = workingInterval(cal, day);
    if (!w) continue;
    const start = Math.max(w.start, from.getTime());
    if (start >= w.end) continue;
    if (start + left <= w.end) return new Date(start + left);
    left -= w.end - start;
  }
  throw new Error(`no working time within ${MAX_DAYS_SEARCHED} days of ${from.toISOString()}`);
}

/** Business hours between two instants (0 when `to` is not after `from`). */
export function businessHoursBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  let ms = 0;
  const last = localDay(to, cal.timeZone);
  for (let day = localDay(from, cal.timeZone); day <= last; day = addDays(day, 1)) {
    const w = workingInterval(cal, day);
    if (!w) continue;
    const start = Math.max(w.start, from.getTime());
    const end = Math.min(w.end, to.getTime());
    if (end > start) ms += end - start;
  }
  return ms / HOUR;
}

/** The next working day after `day` (a digest's "tomorrow", a ladder's "one business day later"). */
export function nextWorkingDay(cal: BusinessCalendar, day: string): string {
  let d = addDays(day, 1);
  for (let i = 0; i < MAX_DAYS_SEARCHED && !isWorkingDay(cal, d); i++) d = addDays(d, 1);
  return d;
}

/** The organization's calendar: its time zone and working hours (09:00–18:00 unless set). */
export function businessCalendarOf(org: { timeZone: string; businessHours?: Partial<Omit<BusinessCalendar, "timeZone">> | null }): BusinessCalendar {
  const b = org.businessHours ?? {};
  return {
    timeZone: org.timeZone,
    workStart: b.workStart ?? DEFAULT_WORK_START,
    workEnd: b.workEnd ?? DEFAULT_WORK_END,
    closedDays: b.closedDays ?? [],
    extraWorkdays: b.extraWorkdays ?? [],
  };
}
