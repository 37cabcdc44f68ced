import { ConditionFailedError } from "../../store";
import type { Actor, Deps } from "../actor";
import { newActivity } from "../activity";
import { ForbiddenError, VersionConflictError } from "../errors";
import { hasRole, type Role } from "../user/model";
import { Checker } from "../validate";
import { DEFAULT_WORK_ORDER_TYPES, DELIVERY_HANDOVER, FEASIBILITY_REVIEW } from "./default-types";
import { FIELD_KINDS, type WorkOrderFieldDef, type WorkOrderSettings, type WorkOrderType } from "./model";

/** The departments a request can go to, named by their role. */
export const HANDLING_ROLES = ["TECH", "FINANCE", "LEGAL", "MANAGER", "GM"] as const satisfies readonly Role[];

/** An organization's settings; the defaults until ADMIN changes them. */
export async function workOrderSettingsOf(deps: Deps, orgId: string): Promise<WorkOrderSettings> {
  return (await deps.store.workOrders.settings(orgId)) ?? { orgId, types: DEFAULT_WORK_ORDER_TYPES, feasibilityReviewOnQuoteSubmit: true, version: 0, updatedAt: null };
}

export const typeOf = (settings: WorkOrderSettings, key: string): WorkOrderType | undefined => settings.types.find((t) => t.key === key);

const TYPE_KEY = /^[A-Z][A-Z0-9_]{1,39}$/;
const FIELD_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;

export interface WorkOrderTypeInput {
  key: string;
  nameZh: string;
  nameEn: string;
  handlingRole: string;
  responseHours: number;
  urgentResponseHours: number;
  resolutionHours: number;
  urgentResolutionHours: number;
  fields: { key: string; labelZh: string; labelEn: string; kind: string; required: boolean; choices?: string[] | null; choicesEn?: string[] | null; min?: number | null; max?: number | null; integer?: boolean | null; notPast?: boolean | null }[];
}

function checkTypes(input: WorkOrderTypeInput[], c: Checker): WorkOrderType[] {
  if (input.length > 50) c.fail("types", "TOO_MANY", { zh: "最多50种工单类型", en: "at most 50 types" });
  const keys = new Set<string>();
  const types = input.map((t, i): WorkOrderType => {
    const at = `types.${i}`;
    if (!TYPE_KEY.test(t.key)) c.fail(`${at}.key`, "INVALID_KEY", { zh: "须为大写字母、数字和下划线（如 SPECIAL_PRICE）", en: "must be capitals, digits and underscores (e.g. SPECIAL_PRICE)" });
    if (keys.has(t.key)) c.fail(`${at}.key`, "DUPLICATE", { zh: "类型编码重复", en: "is used twice" });
    keys.add(t.key);
    const hours = (name: keyof WorkOrderTypeInput) => c.int(`${at}.${name}`, t[name] as number, 1, 2000) ?? 1;
    // A response due after the resolution, or an urgent order given longer than a normal one, cannot be met.
    const notAfter = (shorter: keyof WorkOrderTypeInput, longer: keyof WorkOrderTypeInput, zh: string, en: string) => {
      if ((t[shorter] as number) > (t[longer] as number)) c.fail(`${at}.${shorter}`, "EXCEEDS", { zh: `不能超过${zh}`, en: `cannot exceed ${en}` });
    };
    notAfter("responseHours", "resolutionHours", "处理时限（resolutionHours）", "resolutionHours");
    notAfter("urgentResponseHours", "urgentResolutionHours", "紧急处理时限（urgentResolutionHours）", "urgentResolutionHours");
    notAfter("urgentResponseHours", "responseHours", "普通响应时限（responseHours）", "responseHours");
    notAfter("urgentResolutionHours", "resolutionHours", "普通处理时限（resolutionHours）", "resolutionHours");
    const fieldKeys = new Set<string>();
    const fields = t.fields.map((f, j): WorkOrderFieldDef => {
      const fat = `${at}.fields.${j}`;
      if (!FIELD_KEY.test(f.key)) c.fail(`${fat}.key`, "INVALID_KEY", { zh: "须以字母开头，只含字母、数字和下划线", en: "must start with a letter and hold letters, digits and underscores" });
      if (fieldKeys.has(f.key)) c.fail(`${fat}.key`, "DUPLICATE", { zh: "字段编码重复", en: "is used twice" });
      fieldKeys.add(f.key);
      const kind = c.oneOf(`${fat}.kind`, f.kind, FIELD_KINDS, true) ?? "TEXT";
      const choices = kind === "CHOICE" ? c.list(`${fat}.choices`, f.choices, { maxItems: 30, maxLength: 50 }) : undefined;
      if (kind !== "CHOICE" && f.choices?.length) c.fail(`${fat}.choices`, "NOT_APPLICABLE", { zh: "只适用于选择字段", en: "applies to CHOICE fields only" });
      const repeated = (f.choices ?? []).findIndex((v, k) => kind === "CHOICE" && v.trim() && f.choices!.slice(0, k).some((o) => o.trim() === v.trim()));
      if (repeated >= 0) c.fail(`${fat}.choices.${repeated}`, "DUPLICATE", { zh: "选择项重复", en: "is given twice" });
      if (kind === "CHOICE" && !choices?.length) c.fail(`${fat}.choices`, "REQUIRED", { zh: "选择项不能为空", en: "is required for a CHOICE field" });
      const choicesEn = kind === "CHOICE" && f.choicesEn?.length ? c.list(`${fat}.choicesEn`, f.choicesEn, { maxItems: 30, maxLength: 50 }) : undefined;
      if (choicesEn && choicesEn.length !== (f.choices ?? []).length) c.fail(`${fat}.choicesEn`, "LENGTH_MISMATCH", { zh: "须与 choices 一一对应", en: "must give one English value for each choice" });
      if (kind !== "CHOICE" && f.choicesEn?.length) c.fail(`${fat}.choicesEn`, "NOT_APPLICABLE", { zh: "只适用于选择字段", en: "applies to CHOICE fields only" });
      const range = checkRange(f, kind, fat, c);
      if (f.integer && kind !== "NUMBER") c.fail(`${fat}.integer`, "NOT_APPLICABLE", { zh: "只适用于数字字段", en: "applies to NUMBER fields only" });
      if (f.notPast && kind !== "DATE") c.fail(`${fat}.notPast`, "NOT_APPLICABLE", { zh: "只适用于日期字段", en: "applies to DATE fields only" });
      return {
        key: f.key,
        label: { zh: c.text(`${fat}.labelZh`, f.labelZh, { required: true, max: 40 }) ?? "", en: c.text(`${fat}.labelEn`, f.labelEn, { required: true, max: 60 }) ?? "" },
        kind,
        required: f.required,
        ...(choices ? { choices } : {}),
        ...(choicesEn ? { choicesEn } : {}),
        ...range,
        ...(kind === "DATE" && f.notPast ? { notPast: true } : {}),
        ...(kind === "NUMBER" && f.integer ? { integer: true } : {}),
      };
    });
    return {
      key: t.key,
      name: { zh: c.text(`${at}.nameZh`, t.nameZh, { required: true, max: 40 }) ?? "", en: c.text(`${at}.nameEn`, t.nameEn, { required: true, max: 60 }) ?? "" },
      handlingRole: c.oneOf(`${at}.handlingRole`, t.handlingRole, HANDLING_ROLES, true) ?? "TECH",
      responseHours: hours("responseHours"),
      urgentResponseHours: hours("urgentResponseHours"),
      resolutionHours: hours("resolutionHours"),
      urgentResolutionHours: hours("urgentResolutionHours"),
      fields,
    };
  });
  // The product opens these itself (quote submission, signing): they may be changed, not removed.
  for (const required of [FEASIBILITY_REVIEW, DELIVERY_HANDOVER]) {
    if (!keys.has(required)) c.fail("types", "REQUIRED_TYPE", { zh: `不能删除系统使用的类型 ${required}`, en: `must keep ${required}, which the product opens itself` });
  }
  return types;
}

/** A NUMBER field's bounds: finite, within what a form may hold, the least not above the greatest. */
function checkRange(f: WorkOrderTypeInput["fields"][number], kind: string, at: string, c: Checker): Pick<WorkOrderFieldDef, "min" | "max"> {
  const out: Pick<WorkOrderFieldDef, "min" | "max"> = {};
  for (const bound of ["min", "max"] as const) {
    const v = f[bound];
    if (v == null) continue;
    if (kind !== "NUMBER") c.fail(`${at}.${bound}`, "NOT_APPLICABLE", { zh: "只适用于数字字段", en: "applies to NUMBER fields only" });
    else if (!Number.isFinite(v) || Math.abs(v) > 1e12) c.fail(`${at}.${bound}`, "OUT_OF_RANGE", { zh: "超出范围", en: "is out of range" });
    else out[bound] = v;
  }
  if (out.min != null && out.max != null && out.min > out.max) c.fail(`${at}.max`, "BELOW_MIN", { zh: "不能小于最小值", en: "cannot be below min" });
  return out;
}

/**
 * ADMIN replaces the organization's types and/or turns the feasibility review on quote submission on
 * or off. Orders already made keep the type's name and SLA of their day.
 */
export async function setWorkOrderSettings(
  actor: Actor,
  expectedVersion: number,
  patch: { types?: WorkOrderTypeInput[] | null; feasibilityReviewOnQuoteSubmit?: boolean | null },
): Promise<WorkOrderSettings> {
  if (!hasRole(actor.viewer, "ADMIN")) throw new ForbiddenError();
  const current = await workOrderSettingsOf(actor.deps, actor.viewer.orgId);
  if (current.version !== expectedVersion) throw new VersionConflictError(current, current.version);
  const c = new Checker();
  const types = patch.types ? checkTypes(patch.types, c) : current.types;
  c.done();
  const now = actor.deps.clock.now();
  const next: WorkOrderSettings = {
    ...current,
    types,
    feasibilityReviewOnQuoteSubmit: patch.feasibilityReviewOnQuoteSubmit ?? current.feasibilityReviewOnQuoteSubmit,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
  const activity = newActivity(
    { orgId: next.orgId, subjectType: "ORGANIZATION", subjectId: next.orgId, kind: "UPDATED", actorId: actor.viewer.id, changes: [{ field: "workOrderSettings", old: null, new: `v${next.version}` }] },
    now,
  );
  try {
    await actor.deps.store.workOrders.saveSettings(next, current.version, activity);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    const latest = await workOrderSettingsOf(actor.deps, next.orgId);
    throw new VersionConflictError(latest, latest.version);
  }
  return next;
}
