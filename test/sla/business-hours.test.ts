import { describe, expect, it } from "vitest";
import {
  addBusinessHours,
  type BusinessCalendar,
  businessCalendarOf,
  businessHoursBetween,
  isWorkingDay,
  nextWorkingDay,
} from "../../functions/core/calendar/business-hours";

/** Business hours in Shanghai (UTC+8): times below are written local, compared as instants. */
const cal = (overrides: Partial<BusinessCalendar> = {}): BusinessCalendar => ({ ...businessCalendarOf({ timeZone: "Asia/Shanghai" }), ...overrides });
const local = (s: string) => new Date(`${s}:00+08:00`);
const add = (c: BusinessCalendar, from: string, hours: number) => addBusinessHours(c, local(from), hours).toISOString();
const at = (s: string) => local(s).toISOString();

describe("business hours (09:00–18:00 Shanghai, China's calendar)", () => {
  it("skips a weekend: 2 h from Friday 17:00 is Monday 10:00, and back again", () => {
    expect(add(cal(), "2026-11-27T17:00", 2)).toBe(at("2026-11-30T10:00"));
    expect(businessHoursBetween(cal(), local("2026-11-27T17:00"), local("2026-11-30T10:00"))).toBe(2);
  });

  it("skips the 2026 National Day holiday (1–7 October): 4 h from 30 September 16:00 is 8 October 11:00", () => {
    expect(add(cal(), "2026-09-30T16:00", 4)).toBe(at("2026-10-08T11:00"));
    expect(add(cal(), "2026-09-30T09:00", 24)).toBe(at("2026-10-09T15:00"));
    expect(businessHoursBetween(cal(), local("2026-09-30T09:00"), local("2026-10-09T15:00"))).toBe(24);
    expect(nextWorkingDay(cal(), "2026-09-30")).toBe("2026-10-08");
    // 中秋 (25 September 2026, a Friday) is off too.
    expect(isWorkingDay(cal(), "2026-09-25")).toBe(false);
  });

  it("works the make-up Saturday 10 October 2026 (调休) but not the Sunday after", () => {
    expect(isWorkingDay(cal(), "2026-10-10")).toBe(true);
    expect(isWorkingDay(cal(), "2026-10-11")).toBe(false);
    expect(add(cal(), "2026-10-09T17:00", 3)).toBe(at("2026-10-10T11:00"));
    expect(add(cal(), "2026-10-10T17:00", 2)).toBe(at("2026-10-12T10:00"));
    expect(nextWorkingDay(cal(), "2026-10-09")).toBe("2026-10-10");
  });

  it("follows the organization's own closed days and extra workdays", () => {
    const closedMonday = cal({ closedDays: ["2026-11-30"] });
    expect(add(closedMonday, "2026-11-27T17:00", 2)).toBe(at("2026-12-01T10:00"));
    expect(isWorkingDay(closedMonday, "2026-11-30")).toBe(false);
    const stockTakingSaturday = cal({ extraWorkdays: ["2026-11-28"] });
    expect(add(stockTakingSaturday, "2026-11-27T17:00", 2)).toBe(at("2026-11-28T10:00"));
    expect(businessHoursBetween(stockTakingSaturday, local("2026-11-27T17:00"), local("2026-11-30T10:00"))).toBe(11);
  });

  it("counts fractional hours to the minute", () => {
    expect(add(cal(), "2026-11-23T17:30", 1.25)).toBe(at("2026-11-24T09:45"));
    expect(businessHoursBetween(cal(), local("2026-11-23T17:30"), local("2026-11-24T09:45"))).toBe(1.25);
    expect(add(cal(), "2026-11-23T10:00", 0.5)).toBe(at("2026-11-23T10:30"));
  });

  it("starts counting at the next working instant when asked outside working hours", () => {
    expect(add(cal(), "2026-11-23T07:00", 1)).toBe(at("2026-11-23T10:00"));
    expect(add(cal(), "2026-11-23T20:00", 1)).toBe(at("2026-11-24T10:00"));
    expect(add(cal(), "2026-11-29T12:00", 0)).toBe(at("2026-11-30T09:00"));
    expect(businessHoursBetween(cal(), local("2026-11-28T10:00"), local("2026-11-29T16:00"))).toBe(0);
    const early = cal({ workStart: "08:30", workEnd: "17:30" });
    expect(add(early, "2026-11-23T17:00", 1)).toBe(at("2026-11-24T09:00"));
  });
});
