import { type FieldIssue, ValidationError } from "./errors";
import { isRealDay } from "./local-day";
import { type Currency, formatMoney } from "./money";
import type { Text } from "./text";

/** A local part, then a domain of dot-separated labels (no empty label, no trailing dot). */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[0-9][0-9\- ]{5,19}$/;
/** Spaces and invisible format characters (zero-width space, BOM, direction marks…) at either end. */
const EDGES = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu;
/** The largest amount taken (¥10 trillion): beyond it a figure is a typo, and sums stay exact in a double. */
const MAX_FEN = 1e15;
/** Control characters but tab and line breaks; C1 controls; embedding, override and isolate controls. */
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * Collects every problem with an input before anything is written, so a client can show each one
 * next to its field. Each check returns the cleaned value (trimmed, or undefined when left blank).
 */
export class Checker {
  readonly issues: FieldIssue[] = [];

  /**
   * `labels`: what people call each input field (`{ deliveredOn: { zh: "交付日期", en: "delivery day" } }`),
   * so the message reads "交付日期不能晚于今天" rather than naming the GraphQL field; a path takes the
   * label of its full path, else of its first part ("amount.fen" → "amount").
   */
  constructor(private readonly labels: Record<string, Text> = {}) {}

  fail(path: string | string[], code: string, text: Text): void {
    const parts = Array.isArray(path) ? path : path.split(".");
    const label = this.labels[parts.join(".")] ?? this.labels[parts[0]];
    this.issues.push({ path: parts, code, text, ...(label ? { label } : {}) });
  }

  /**
   * Blank (only spaces and invisible format characters such as U+200B) is empty; control characters
   * other than line breaks and tabs, and direction overrides (which make text read otherwise than it
   * is), are refused.
   */
  text(path: string, value: string | null | undefined, opts: { required?: boolean; max?: number } = {}) {
    const trimmed = value?.replace(EDGES, "") ?? "";
    if (!trimmed) {
      if (opts.required) this.fail(path, "REQUIRED", { zh: "不能为空", en: "is required" });
      return undefined;
    }
    if (UNPRINTABLE.test(trimmed)) {
      this.fail(path, "UNPRINTABLE", { zh: "不能包含控制字符或文字方向控制符", en: "must not contain control characters or text-direction overrides" });
    }
    const max = opts.max ?? 200;
    if ([...trimmed].length > max) {
      this.fail(path, "TOO_LONG", { zh: `不能超过${max}个字符`, en: `must be at most ${max} characters` });
    }
    return trimmed;
  }

  oneOf<T extends string>(path: string, value: string | null | undefined, allowed: readonly T[], required = false) {
    if (value == null || value === "") {
      if (required) this.fail(path, "REQUIRED", { zh: "不能为空", en: "is required" });
      return undefined;
    }
    if (!allowed.includes(value as T)) {
      this.fail(path, "NOT_ALLOWED", { zh: `只能是 ${allowed.join("/")}`, en: `must be one of ${allowed.join(", ")}` });
      return undefined;
    }
    return value as T;
  }

  /** Folded (NFKC, lower case) so full-width look-alikes of one address are the same address. */
  email(path: string, value: string | null | undefined, required = false) {
    const v = this.text(path, value?.normalize("NFKC"), { required, max: 254 });
    if (v && !EMAIL.test(v)) this.fail(path, "INVALID_EMAIL", { zh: "邮箱格式不正确", en: "is not a valid email address" });
    return v?.toLowerCase();
  }

  phone(path: string, value: string | null | undefined) {
    const v = this.text(path, value, { max: 20 });
    if (v && !PHONE.test(v)) this.fail(path, "INVALID_PHONE", { zh: "电话号码格式不正确", en: "is not a valid phone number" });
    return v;
  }

  int(path: string, value: number | null | undefined, min: number, max: number) {
    if (value == null) return undefined;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.fail(path, "OUT_OF_RANGE", { zh: `必须是${min}到${max}之间的整数`, en: `must be a whole number from ${min} to ${max}` });
      return undefined;
    }
    return value;
  }

  /** Whole fen, not negative, in the organization's currency. */
  money(path: string, value: { fen: number; currency?: string | null } | null | undefined, currency: string) {
    if (value == null) return undefined;
    if (Number.isInteger(value.fen) && value.fen > MAX_FEN) {
      const max = formatMoney({ fen: MAX_FEN, currency: currency as Currency });
      this.fail(`${path}.fen`, "TOO_LARGE", { zh: `不能超过${max}`, en: `must be at most ${max}` });
      return undefined;
    }
    if (!Number.isSafeInteger(value.fen) || value.fen < 0) {
      this.fail(`${path}.fen`, "INVALID_AMOUNT", { zh: "金额必须是不小于0的整数（单位：分）", en: "must be a whole, non-negative number of fen" });
      return undefined;
    }
    if (value.currency && value.currency !== currency) {
      this.fail(`${path}.currency`, "CURRENCY_NOT_SUPPORTED", {
        zh: `本组织以${currency}结算`,
        en: `this organization works in ${currency}`,
      });
      return undefined;
    }
    return { fen: value.fen, currency: currency as never };
  }

  day(path: string, value: string | null | undefined) {
    if (value == null || value === "") return undefined;
    if (!isRealDay(value)) {
      this.fail(path, "INVALID_DATE", {
        zh: `${value}不是存在的日期（格式为 YYYY-MM-DD）`,
        en: `${value} is not a real calendar day (write it as YYYY-MM-DD)`,
      });
      return undefined;
    }
    return value;
  }

  list(path: string, values: string[] | null | undefined, opts: { maxItems: number; maxLength: number }) {
    const cleaned = [...new Set((values ?? []).map((v, i) => this.text(`${path}.${i}`, v, { required: true, max: opts.maxLength })))];
    const out = cleaned.filter(Boolean) as string[];
    if (out.length > opts.maxItems) {
      this.fail(path, "TOO_MANY", { zh: `最多${opts.maxItems}项`, en: `at most ${opts.maxItems} items` });
    }
    return out;
  }

  /** Throws once with every issue found; nothing has been written yet. */
  done(): void {
    if (this.issues.length) throw new ValidationError(this.issues);
  }
}
