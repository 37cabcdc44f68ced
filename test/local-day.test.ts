import { describe, expect, it } from "vitest";
import { localDay, startOfLocalDay } from "../functions/core/local-day";

/** What Intl says an instant's local wall clock reads, the slow way (the module caches offsets per quarter-hour). */
function wallClock(at: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat("en-CA", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

describe("local days", () => {
  // Shanghai, zones that change their clocks (an hour, half an hour), and one 45 minutes off the hour.
  const zones = ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns"];

  it("agree with Intl all through each day of 2026 on which a zone changes its clocks, and at random instants", () => {
    const instants: number[] = [];
    // Every 181 s through each day of 2026 on which a zone changes its clocks, and 500 instants anywhere in 2000–2040.
    const changeDays = ["2026-03-08", "2026-03-29", "2026-04-05", "2026-10-04", "2026-10-25", "2026-11-01"];
    for (const day of changeDays) for (let t = Date.parse(`${day}T00:00:00Z`) - 43_200_000; t < Date.parse(`${day}T00:00:00Z`) + 129_600_000; t += 181_000) instants.push(t);
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 16807) % 2147483647;
      instants.push(Date.UTC(2000, 0, 1) + (seed / 2147483647) * 40 * 365 * 86_400_000);
    }
    for (const timeZone of zones) {
      const wrong = instants.filter((t) => localDay(new Date(t), timeZone) !== wallClock(new Date(t), timeZone));
      expect(wrong.map((t) => new Date(t).toISOString()), timeZone).toEqual([]);
    }
  });

  it("agree with Intl across a change of offset off the quarter-hour (Shanghai's local mean time ended at 15:54:17 UTC on 31 December 1900)", () => {
    const from = Date.parse("1900-12-31T15:30:00Z");
    const instants = Array.from({ length: 45 * 60 }, (_, i) => from + i * 1000);
    const wrong = instants.filter((t) => localDay(new Date(t), "Asia/Shanghai") !== wallClock(new Date(t), "Asia/Shanghai"));
    expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
  });

  it("begin at local midnight, also on a day whose midnight is skipped or repeated", () => {
    expect(startOfLocalDay("2026-12-01", "Asia/Shanghai").toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(startOfLocalDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfLocalDay("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfLocalDay("2026-10-04", "Australia/Lord_Howe").toISOString()).toBe("2026-10-03T13:30:00.000Z");
  });
});
