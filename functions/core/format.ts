import type { Locale } from "./text";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-24 10:00" in the organization's time zone: how people read deadlines and decision times. */
export function formatLocalTime(instant: string | Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(instant));
}

/** "12.5%" */
export const formatPercent = (p: number) => `${Number(p.toFixed(2))}%`;

export const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export const pick = (locale: Locale, zh: string, en: string) => (locale === "en" ? en : zh);
