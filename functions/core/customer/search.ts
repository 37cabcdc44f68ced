import { Checker } from "../validate";
import { nameKey } from "./normalize";
import { FIRST_CODE, FIRST_LETTERS, OTHER_LETTERS } from "./pinyin-initials-table";

/** Longer is not a search a person types; the term also travels in a DynamoDB filter expression. */
export const SEARCH_MAX = 100;

/** Readings of a name kept at most: polyphones multiply them (重庆长江: 4). */
const MAX_READINGS = 8;

/** The letters a character's readings start with, the most common first; the character itself when it is no CJK ideograph. */
function lettersOf(ch: string): string[] {
  const first = FIRST_LETTERS[(ch.codePointAt(0) ?? 0) - FIRST_CODE];
  if (first === undefined || first === " ") return /[\p{L}\p{N}]/u.test(ch) && !/\p{Script=Han}/u.test(ch) ? [ch] : [];
  return [first, ...(OTHER_LETTERS[ch] ?? "")];
}

/**
 * Pinyin initials of a name (宁波捷锐流体控制有限公司 → nbjrltkzyxgs; letters and digits kept as
 * they are), so a hurried `nbjr` finds it. A polyphone gives one reading per letter it may start
 * with (重庆 → zq cq), up to MAX_READINGS; past that, the most common. From a table generated from
 * pinyin-pro (test/support/pinyin-table.ts), not pinyin-pro itself: 40 KB instead of 300 KB in the bundle.
 */
export function pinyinInitials(name: string): string {
  let readings = [""];
  for (const ch of nameKey(name)) {
    const letters = lettersOf(ch);
    if (!letters.length) continue;
    const options = readings.length * letters.length <= MAX_READINGS ? letters : letters.slice(0, 1);
    readings = readings.flatMap((r) => options.map((l) => r + l));
  }
  return readings.filter(Boolean).join(" ");
}

/** A country code before a phone number ("+86 138…", "0086-138…"): stored numbers are without it. */
const COUNTRY_CODE = /(^|\s)(?:\+|00)86[\s-]*(?=\d)/g;

/**
 * The words of a search, each normalized as names are (width, case, punctuation): every word must
 * appear, in any order ("北仑 热力" finds 北仑热力…). Refuses more than SEARCH_MAX characters.
 * null: a search of punctuation only ("%", ".*"), which matches nothing (as in the price book) rather
 * than everything; blank is no search ([]).
 */
export function searchWords(query: string | null | undefined, path = "filter.search"): string[] | null {
  const c = new Checker({ [path]: { zh: "搜索词", en: "search" } });
  const text = c.text(path, query, { max: SEARCH_MAX });
  c.done();
  if (!text) return [];
  const words = [...new Set(text.normalize("NFKC").replace(COUNTRY_CODE, "$1").split(/\s+/).map(nameKey).filter(Boolean))];
  return words.length ? words : null;
}
