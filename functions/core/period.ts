import { ValidationError } from "./errors";
import { localDay } from "./local-day";

/** A reporting period: a month "2026-11", a quarter "2026-Q4" or a year "2026", in the organization's calendar. */
export interface Period {
  key: string;
  /** Its months, "YYYY-MM", in order. */
  months: string[];
}

const month = (year: number, m: number) => `${year}-${String(m).padStart(2, "0")}`;

export function parsePeriod(key: string, path = "period"): Period {
  const trimmed = key.trim().toUpperCase();
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(trimmed);
  if (m) return { key: trimmed, months: [trimmed] };
  m = /^(\d{4})-Q([1-4])$/.exec(trimmed);
  if (m) {
    const [y, q] = [Number(m[1]), Number(m[2])];
    return { key: trimmed, months: [1, 2, 3].map((i) => month(y, (q - 1) * 3 + i)) };
  }
  m = /^(\d{4})$/.exec(trimmed);
  if (m) return { key: trimmed, months: Array.from({ length: 12 }, (_, i) => month(Number(m![1]), i + 1)) };
  throw new ValidationError([
    { path: [path], code: "INVALID_PERIOD", text: { zh: "期间格式应为 2026-11、2026-Q4 或 2026", en: "must look like 2026-11, 2026-Q4 or 2026" } },
  ]);
}

/** The organization-calendar month of an instant. */
export const monthOf = (instant: Date | string, timeZone: string) => localDay(new Date(instant), timeZone).slice(0, 7);

export function addMonths(m: string, n: number): string {
  const [y, mo] = m.split("-").map(Number);
  const total = y * 12 + (mo - 1) + n;
  return month(Math.floor(total / 12), (total % 12) + 1);
}
