import type { BusinessCalendar } from "../calendar/business-hours";
import { isRealDay } from "../local-day";
import type { Stage } from "../pipeline/stages";
import type { Checker } from "../validate";

/** The stages a follow-up SLA applies to: the open ones, before a contract is signed. */
export const SLA_STAGES = ["LEAD", "FIRST_CONTACT", "NEEDS_CONFIRMED", "QUOTED"] as const;
export type SlaStage = (typeof SLA_STAGES)[number];
export type FollowUpSlaHours = Record<SlaStage, number>;

/**
 * The seeds' follow-up SLAs, in business hours, mapped onto the stage a deal stands in while the work
 * is owed: a new lead is contacted within 2 h (线索登记); after first contact the needs are confirmed
 * within 24 h (初步接触); once needs are confirmed the proposal gets the customer's feedback within 48 h
 * (需求确认); a quoted deal sees closing actions within 72 h (方案报价). 0 turns a stage's SLA off.
 */
export const DEFAULT_FOLLOW_UP_SLA_HOURS: FollowUpSlaHours = { LEAD: 2, FIRST_CONTACT: 24, NEEDS_CONFIRMED: 48, QUOTED: 72 };
/** A month of working days: longer would be no SLA at all. */
export const MAX_SLA_HOURS = 240;

export const followUpSlaHoursOf = (org: { followUpSlaHours?: Partial<FollowUpSlaHours> | null }): FollowUpSlaHours => ({
  ...DEFAULT_FOLLOW_UP_SLA_HOURS,
  ...(org.followUpSlaHours ?? {}),
});

/** Hours the owner has to follow up a deal standing in `stage`; 0 when none applies. */
export const slaHoursFor = (org: { followUpSlaHours?: Partial<FollowUpSlaHours> | null }, stage: Stage): number =>
  (SLA_STAGES as readonly string[]).includes(stage) ? followUpSlaHoursOf(org)[stage as SlaStage] : 0;

/** Stages listed change; the others keep their hours. Quarter hours at most, 0 to MAX_SLA_HOURS. */
export function applySlaHoursPatch(current: Partial<FollowUpSlaHours> | null | undefined, patch: { stage: string; hours: number }[], c: Checker): FollowUpSlaHours {
  const out = followUpSlaHoursOf({ followUpSlaHours: current });
  patch.forEach((p, i) => {
    if (patch.slice(0, i).some((o) => o.stage === p.stage)) {
      c.fail(`followUpSlaHours.${i}.stage`, "DUPLICATE", { zh: "阶段重复", en: "is given twice" });
    } else if (!(SLA_STAGES as readonly string[]).includes(p.stage)) {
      c.fail(`followUpSlaHours.${i}.stage`, "NO_SLA_FOR_STAGE", { zh: "只有签约前的阶段可设跟进时限", en: "only stages before signing have a follow-up SLA" });
    } else if (!Number.isFinite(p.hours) || p.hours < 0 || p.hours > MAX_SLA_HOURS || !Number.isInteger(p.hours * 4)) {
      c.fail(`followUpSlaHours.${i}.hours`, "OUT_OF_RANGE", {
        zh: `必须在0到${MAX_SLA_HOURS}小时之间（最小单位0.25小时）`,
        en: `must be from 0 to ${MAX_SLA_HOURS} hours, in quarter hours`,
      });
    } else out[p.stage as SlaStage] = p.hours;
  });
  return out;
}

export type BusinessHoursSettings = Omit<BusinessCalendar, "timeZone">;
export interface BusinessHoursPatch {
  workStart?: string | null;
  workEnd?: string | null;
  closedDays?: string[] | null;
  extraWorkdays?: string[] | null;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** More than a year of single days would be a different calendar, not exceptions to China's. */
export const MAX_CALENDAR_DAYS = 366;

/** How far from today a closed or extra working day may be: last year to a few years ahead (a typo such as 2062 is refused). */
export const CALENDAR_YEARS_BACK = 1;
export const CALENDAR_YEARS_AHEAD = 3;

/** Fields left out keep their value. Times are HH:mm (start before end), days real, near today and listed once. */
export function applyBusinessHoursPatch(current: BusinessHoursSettings, patch: BusinessHoursPatch, c: Checker, today: string): BusinessHoursSettings {
  const year = Number(today.slice(0, 4));
  const [first, last] = [year - CALENDAR_YEARS_BACK, year + CALENDAR_YEARS_AHEAD];
  const time = (field: "workStart" | "workEnd") => {
    const v = patch[field];
    if (v == null) return current[field];
    if (!HH_MM.test(v)) c.fail(`businessHours.${field}`, "INVALID_TIME", { zh: "时间格式应为 HH:mm（00:00–23:59）", en: "must be a time written HH:mm (00:00–23:59)" });
    return v;
  };
  const days = (field: "closedDays" | "extraWorkdays") => {
    const v = patch[field];
    if (v == null) return current[field];
    if (v.length > MAX_CALENDAR_DAYS) {
      c.fail(`businessHours.${field}`, "TOO_MANY", { zh: `最多${MAX_CALENDAR_DAYS}天`, en: `at most ${MAX_CALENDAR_DAYS} days` });
      return current[field];
    }
    v.forEach((d, i) => {
      const at = `businessHours.${field}.${i}`;
      if (!c.day(at, d)) return;
      const y = Number(d.slice(0, 4));
      if (y < first || y > last) c.fail(at, "OUT_OF_RANGE", { zh: `日期应在 ${first} 年至 ${last} 年之间`, en: `must fall in ${first}–${last}` });
      else if (v.slice(0, i).includes(d)) c.fail(at, "DUPLICATE", { zh: "日期重复", en: "is given twice" });
    });
    return [...new Set(v.filter(isRealDay))].sort();
  };
  const next = { workStart: time("workStart"), workEnd: time("workEnd"), closedDays: days("closedDays"), extraWorkdays: days("extraWorkdays") };
  if (HH_MM.test(next.workStart) && HH_MM.test(next.workEnd) && next.workStart >= next.workEnd) {
    c.fail("businessHours.workEnd", "NOT_AFTER_START", { zh: "下班时间必须晚于上班时间", en: "must be after the start of work" });
  }
  const both = next.closedDays.filter((d) => next.extraWorkdays.includes(d));
  if (both.length) {
    c.fail("businessHours.extraWorkdays", "ALSO_CLOSED", { zh: `${both.join("、")}不能同时是休息日和加班日`, en: `${both.join(", ")} cannot be both closed and a workday` });
  }
  return next;
}
