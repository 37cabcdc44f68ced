import { type FieldIssue, ValidationError } from "./errors";
import type { Text } from "./text";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9\- ]{5,19}$/;

/**
 * Collects every problem with an input before anything is written, so a client can show each one
 * next to its field. Each check returns the cleaned value (trimmed, or undefined when left blank).
 */
export class Checker {
  readonly issues: FieldIssue[] = [];

  fail(path: string | string[], code: string, text: Text): void {
    this.issues.push({ path: Array.isArray(path) ? path : path.split("."), code, text });
  }

  text(path: string, value: string | null | undefined, opts: { required?: boolean; max?: number } = {}) {
    const trimmed = value?.trim() ?? "";
    if (!trimmed) {
      if (opts.required) this.fail(path, "REQUIRED", { zh: "不能为空", en: "is required" });
      return undefined;
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

  email(path: string, value: string | null | undefined, required = false) {
    const v = this.text(path, value, { required, max: 254 });
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

  /** Throws once with every issue found; nothing has been written yet. */
  done(): void {
    if (this.issues.length) throw new ValidationError(this.issues);
  }
}
