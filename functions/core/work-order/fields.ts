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

/**
 * Checks a form against its type: every required field present, each of its kind (a number, a real
 * day, whole fen, one of the choices), no field the type does not have. Problems are reported on
 * `fields.<i>` (or `fields` with the missing key) so a client can show them beside the field.
 */
export function checkFields(type: WorkOrderType, input: FieldValueInput[], c: Checker): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  input.forEach((f, i) => {
    const at = `fields.${i}`;
    const def = type.fields.find((d) => d.key === f.key);
    if (!def) {
      c.fail(`${at}.key`, "UNKNOWN_FIELD", { zh: `「${type.name.zh}」没有字段 ${f.key}`, en: `${type.name.en} has no field ${f.key}` });
      return;
    }
    if (f.key in out) {
      c.fail(`${at}.key`, "DUPLICATE", { zh: `${def.label.zh}重复填写`, en: `${def.label.en} is given twice` });
      return;
    }
    const given = [f.text, f.number, f.date, f.fen].filter((v) => v != null && v !== "").length;
    const wrongKind = () =>
      c.fail(at, "WRONG_KIND", { zh: `${def.label.zh}应填写${KIND_NAMES[def.kind].zh}`, en: `${def.label.en} takes ${KIND_NAMES[def.kind].en}` });
    if (given === 0) return; // treated as absent: a required one is reported below
    if (given > 1) return wrongKind();
    switch (def.kind) {
      case "TEXT": {
        if (f.text == null) return wrongKind();
        const v = c.text(`${at}.text`, f.text, { max: 2000 });
        if (v) out[f.key] = v;
        return;
      }
      case "CHOICE": {
        if (f.text == null) return wrongKind();
        const v = f.text.trim();
        if (!def.choices?.includes(v)) c.fail(`${at}.text`, "NOT_ALLOWED", { zh: `${def.label.zh}只能是 ${def.choices?.join("/")}`, en: `${def.label.en} must be one of ${def.choices?.join(", ")}` });
        else out[f.key] = v;
        return;
      }
      case "NUMBER":
        if (f.number == null) return wrongKind();
        if (!Number.isFinite(f.number) || Math.abs(f.number) > 1e12) c.fail(`${at}.number`, "OUT_OF_RANGE", { zh: `${def.label.zh}超出范围`, en: `${def.label.en} is out of range` });
        else out[f.key] = f.number;
        return;
      case "DATE":
        if (f.date == null) return wrongKind();
        if (!isRealDay(f.date)) c.fail(`${at}.date`, "INVALID_DATE", { zh: `${f.date}不是存在的日期（格式为 YYYY-MM-DD）`, en: `${f.date} is not a real calendar day (write it as YYYY-MM-DD)` });
        else out[f.key] = f.date;
        return;
      case "MONEY":
        if (f.fen == null) return wrongKind();
        if (!Number.isSafeInteger(f.fen) || f.fen < 0) c.fail(`${at}.fen`, "INVALID_AMOUNT", { zh: "金额必须是不小于0的整数（单位：分）", en: "must be a whole, non-negative number of fen" });
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
