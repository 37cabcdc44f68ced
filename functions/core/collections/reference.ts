import type { Checker } from "../validate";

/** Line breaks, tabs and other control characters; line and paragraph separators. */
const NOT_ONE_TOKEN = /[\p{Cc}\p{Zl}\p{Zp}]/u;
/** Spaces (full-width too, after folding) and invisible format characters such as U+200B. */
const BLANKS = /[\p{Zs}\p{Cf}]/gu;

/**
 * A bank reference (流水号) or an invoice number (发票号) as typed: one token, folded to the width the bank prints (NFKC: a Chinese
 * IME's ＢＡＮＫ－００１ is BANK-001) with the spaces a clerk puts in or around it left out. Refused
 * with a line break, tab or control character in it, or longer than `max`.
 */
export function checkReference(c: Checker, path: string, value: string | null | undefined, max: number): string {
  const folded = (value ?? "").normalize("NFKC");
  if (NOT_ONE_TOKEN.test(folded)) {
    c.fail(path, "NOT_ONE_TOKEN", { zh: "只能是一串字符，不能包含换行、制表符或控制字符", en: "must be a single token, without line breaks, tabs or control characters" });
    return "";
  }
  const token = folded.replace(BLANKS, "");
  if (!token) c.fail(path, "REQUIRED", { zh: "不能为空", en: "is required" });
  else if ([...token].length > max) c.fail(path, "TOO_LONG", { zh: `不能超过${max}个字符`, en: `must be at most ${max} characters` });
  return token;
}

/** What makes two references (or invoice numbers) the same: case does not count either (bank-001 is BANK-001). */
export const referenceKey = (reference: string) => reference.normalize("NFKC").replace(BLANKS, "").toUpperCase();
