import { isRealDay } from "../local-day";
import { Checker } from "../validate";
import type { FieldValue, WorkOrderType } from "./model";

/** One form value as a client sends it: the member matching the field's kind. */
export interface FieldValueInput {
  key: string;
  text?: string | null;
  number?: number | null;
  date?: string | null;
  /** MONEY, in fen. */
  fen?: number | null;
}

/** The input member each kind is given in. */
const MEMBER_OF = { TEXT: "text", CHOICE: "text", NUMBER: "number", DATE: "date", MONEY: "fen" } as const;

/**
 * Checks a form against its type: every required field present, each of its kind (a number within
 * the type's range, a real day and not a past one where the type says so, whole fen, one of the
 * choices), each key once, no field the type does not have. Paths: a value's problem is on
 * `fields.<i>.<member>` (the member its kind takes), a key's on `fields.<i>.key`, and a required
 * field not given on `fields.<key>` (there is no index to name).
 */
export function checkFields(type: WorkOrderType, input: FieldValueInput[], c: Checker, today: string): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  const seen = new Set<string>();
  input.forEach((f, i) => {
    const at = `fields.${i}`;
    const def = type.fields.find((d) => d.key === f.key);
    if (!def) {
      c.fail(`${at}.key`, "UNKNOWN_FIELD", { zh: `「${type.name.zh}」没有字段 ${f.key}`, en: `${type.name.en} has no field ${f.key}` });
      return;
    }
    if (seen.has(f.key)) {
      c.fail(`${at}.key`, "DUPLICATE", { zh: `${def.label.zh}重复填写`, en: `${def.label.en} is given twice` });
      return;
    }
    seen.add(f.key);
    const member = `${at}.${MEMBER_OF[def.kind]}`;
    const given = [f.text, f.number, f.date, f.fen].filter((v) => v != null && v !== "").length;
    if (given === 0) return; // treated as absent: a required one is reported below
    if (given > 1) {
      c.fail(member, "MANY_VALUES", { zh: `${def.label.zh}只能填写一种值：${KIND_NAMES[def.kind].zh}`, en: `${def.label.en} takes one value only: ${KIND_NAMES[def.kind].en}` });
      return;
    }
    const wrongKind = () => c.fail(member, "WRONG_KIND", { zh: `${def.label.zh}应填写${KIND_NAMES[def.kind].zh}`, en: `${def.label.en} takes ${KIND_NAMES[def.kind].en}` });
    switch (def.kind) {
      case "TEXT": {
        if (f.text == null) return wrongKind();
        const v = c.text(member, f.text, { max: 2000 });
        if (v) out[f.key] = v;
        return;
      }
      case "CHOICE": {
        if (f.text == null) return wrongKind();
        const v = f.text.trim();
        // Stored as the Chinese value whichever language it was given in, so both count the same.
        const at = def.choices?.indexOf(v) ?? -1;
        const en = def.choicesEn?.findIndex((e) => e.toLowerCase() === v.toLowerCase()) ?? -1;
        if (at < 0 && en < 0) c.fail(member, "NOT_ALLOWED", { zh: `${def.label.zh}只能是 ${def.choices?.join("/")}`, en: `${def.label.en} must be one of ${(def.choicesEn ?? def.choices)?.join(", ")}` });
        else out[f.key] = def.choices![at >= 0 ? at : en];
        return;
      }
      case "NUMBER": {
        if (f.number == null) return wrongKind();
        const [min, max] = [def.min ?? -1e12, def.max ?? 1e12];
        if (!Number.isFinite(f.number) || f.number < min || f.number > max) c.fail(member, "OUT_OF_RANGE", { zh: `${def.label.zh}应在 ${min} 到 ${max} 之间`, en: `${def.label.en} must be between ${min} and ${max}` });
        else if (def.integer && !Number.isInteger(f.number)) c.fail(member, "NOT_INTEGER", { zh: `${def.label.zh}应为整数`, en: `${def.label.en} must be a whole number` });
        else out[f.key] = f.number;
        return;
      }
      case "DATE":
        if (f.date == null) return wrongKind();
        if (!isRealDay(f.date)) c.fail(member, "INVALID_DATE", { zh: `${f.date}不是存在的日期（格式为 YYYY-MM-DD）`, en: `${f.date} is not a real calendar day (write it as YYYY-MM-DD)` });
        else if (def.notPast && f.date < today) c.fail(member, "PAST_DATE", { zh: `${def.label.zh}不能早于今天（${today}）`, en: `${def.label.en} cannot be before today (${today})` });
        else out[f.key] = f.date;
        return;
      case "MONEY":
        if (f.fen == null) return wrongKind();
        if (!Number.isSafeInteger(f.fen) || f.fen < 0) c.fail(member, "INVALID_AMOUNT", { zh: "金额必须是不小于0的整数（单位：分）", en: "must be a whole, non-negative number of fen" });
        else out[f.key] = f.fen;
        return;
    }
  });
  for (const def of type.fields) {
    if (def.required && !(def.key in out) && !c.issues.some((i) => i.path[0] === "fields" && input[Number(i.path[1])]?.key === def.key)) {
      c.fail(["fields", def.key], "REQUIRED", { zh: `请填写${def.label.zh}`, en: `${def.label.en} is required` });
    }
  }
  return out;
}

const KIND_NAMES = {
  TEXT: { zh: "文字", en: "text" },
  CHOICE: { zh: "选项（text）", en: "a choice (text)" },
  NUMBER: { zh: "数字（number）", en: "a number" },
  DATE: { zh: "日期（date）", en: "a date" },
  MONEY: { zh: "金额（fen，单位：分）", en: "an amount in fen" },
} as const;
