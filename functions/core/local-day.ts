/**
 * Days and due dates are counted in the organization's time zone (Asia/Shanghai by default), while
 * instants are stored in UTC. A local day is written "YYYY-MM-DD".
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formattedParts(at: Date, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== "literal") out[p.type] = Number(p.value);
  return out;
}

/**
 * A zone's offset is the same for a quarter of an hour but at a change of offset, so it is asked of
 * Intl (slow: a list of 50 customers' release dates spent half a millisecond there) once per
 * quarter-hour and zone, and only where the quarter's two ends agree; anywhere else, every time.
 */
const QUARTER_MS = 15 * 60_000;
const MAX_QUARTERS = 20_000;
const quarterOffsets = new Map<string, number | null>();

const offsetFromParts = (at: number, p: Record<string, number>) =>
  Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;

function quarterOffset(at: number, timeZone: string): number | null {
  const start = Math.floor(at / QUARTER_MS) * QUARTER_MS;
  const id = `${timeZone}|${start}`;
  let offset = quarterOffsets.get(id);
  if (offset === undefined) {
    const first = offsetFromParts(start, formattedParts(new Date(start), timeZone));
    const lastMs = start + QUARTER_MS - 1000;
    const last = offsetFromParts(lastMs, formattedParts(new Date(lastMs), timeZone));
    offset = first === last ? first : null;
    if (quarterOffsets.size >= MAX_QUARTERS) quarterOffsets.clear();
    quarterOffsets.set(id, offset);
  }
  return offset;
}

function parts(at: Date, timeZone: string): Record<string, number> {
  const ms = at.getTime();
  const offset = Number.isFinite(ms) ? quarterOffset(ms, timeZone) : null;
  if (offset === null) return formattedParts(at, timeZone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The local calendar day of an instant. */
export function localDay(at: Date, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/**
 * A calendar day written YYYY-MM-DD that exists: `Date.parse` accepts 2026-02-30 (and rolls it over
 * to March), so the parts are checked against the day they name.
 */
export function isRealDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * An ISO-8601 instant with its offset (Z or ±hh:mm) on a day that exists, or null. `new Date`
 * rolls 2026-02-30T10:00Z over to 2 March and reads offset-less or free-form text as server time.
 */
export function parseInstant(value: string): Date | null {
  const m = INSTANT.exec(value);
  if (!m || !isRealDay(m[1])) return null;
  const [hour, minute, second, offH, offM] = [m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number);
  if (hour > 23 || minute > 59 || second > 59 || offH > 18 || offM > 59) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Calendar days from one local day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whole local days from one instant to another: one more at each local midnight passed. */
export function localDaysBetween(from: Date, to: Date, timeZone: string): number {
  return daysBetween(localDay(from, timeZone), localDay(to, timeZone));
}

/** Offset of the zone from UTC at an instant, in ms. */
function offsetAt(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a local day begins (00:00 local), correct across daylight-saving changes. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let guess = midnightUtc - offsetAt(new Date(midnightUtc), timeZone);
  guess = midnightUtc - offsetAt(new Date(guess), timeZone);
  return new Date(guess);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}
