import { ROLES } from "../user/model";
import type { Checker } from "../validate";
import { type ApprovalPolicy, CONDITION_FIELDS, CONDITION_OPS, POLICY_FORMAT } from "./policy";

/** An ADMIN's policy, checked field by field before it replaces the current one. */
export function checkPolicy(policy: ApprovalPolicy, c: Checker): ApprovalPolicy {
  if (!policy.levels.length) c.fail("approvalPolicy.levels", "REQUIRED", { zh: "至少需要一级审批", en: "needs at least one level" });
  if (policy.levels.length > 10) c.fail("approvalPolicy.levels", "TOO_MANY", { zh: "最多10级", en: "at most 10 levels" });
  const keys = new Set<string>();
  policy.levels.forEach((l, i) => {
    const p = `approvalPolicy.levels.${i}`;
    c.text(`${p}.key`, l.key, { required: true, max: 40 });
    if (keys.has(l.key)) c.fail(`${p}.key`, "DUPLICATE", { zh: "级别标识重复", en: "is used twice" });
    keys.add(l.key);
    c.text(`${p}.label.zh`, l.label.zh, { required: true, max: 40 });
    c.text(`${p}.label.en`, l.label.en, { required: true, max: 60 });
    if (!Number.isFinite(l.slaHours) || l.slaHours <= 0 || l.slaHours > 24 * 30) {
      c.fail(`${p}.slaHours`, "OUT_OF_RANGE", { zh: "时限须在0到720小时之间", en: "must be above 0 and at most 720 hours" });
    }
    c.int(`${p}.escalations`, l.escalations, 0, 5);
    l.anyOf.forEach((cond, k) => {
      c.oneOf(`${p}.anyOf.${k}.field`, cond.field, CONDITION_FIELDS, true);
      c.oneOf(`${p}.anyOf.${k}.op`, cond.op, CONDITION_OPS, true);
      if (!Number.isFinite(cond.value) || cond.value < 0) c.fail(`${p}.anyOf.${k}.value`, "OUT_OF_RANGE", { zh: "须为非负数", en: "must not be negative" });
      else if (cond.field === "linesBelowFloor" && !Number.isInteger(cond.value)) c.fail(`${p}.anyOf.${k}.value`, "OUT_OF_RANGE", { zh: "行数须为整数", en: "must be a whole number of lines" });
    });
    if (l.approver.kind === "ROLE") c.oneOf(`${p}.approver.role`, l.approver.role, ROLES, true);
    if (l.approver.kind === "USER") c.text(`${p}.approver.userId`, l.approver.userId, { required: true, max: 40 });
    if (l.escalateTo.kind === "ROLE") c.oneOf(`${p}.escalateTo.role`, l.escalateTo.role, ROLES, true);
  });
  return { ...policy, format: POLICY_FORMAT };
}
