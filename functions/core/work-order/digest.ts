import type { DigestSource } from "../digest/sources";
import { breachesOf } from "./sla";
import { BREACH_LABELS, STATUS_LABELS } from "./model";

const MAX_ITEMS = 20;

/**
 * The person's open work orders for their digest, red ones (a deadline missed) first, then by the
 * deadline they face next. One read: their open-assigned partition.
 */
export const workOrdersAssigned: DigestSource = async (deps, org, user) => {
  const now = deps.clock.now();
  const open = await deps.store.workOrders.openAssigned(org.id, user.id, 100);
  const rows = open.map((wo) => {
    const red = breachesOf(wo, now);
    const next = wo.respondedAt ? wo.resolutionDueAt : wo.responseDueAt;
    return { wo, red, next };
  });
  rows.sort((a, b) => Number(b.red.length > 0) - Number(a.red.length > 0) || a.next.localeCompare(b.next));
  return rows.slice(0, MAX_ITEMS).map(({ wo, red, next }) => ({
    section: "WORK_ORDERS" as const,
    title: { zh: `${red.length ? "【超时】" : ""}${wo.typeName.zh}：${wo.title}`, en: `${red.length ? "[OVERDUE] " : ""}${wo.typeName.en}: ${wo.title}` },
    detail: {
      zh: `${STATUS_LABELS[wo.status].zh}${red.length ? `，${red.map((k) => BREACH_LABELS[k].zh).join("、")}` : ""}`,
      en: `${STATUS_LABELS[wo.status].en}${red.length ? `, ${red.map((k) => BREACH_LABELS[k].en).join(", ")}` : ""}`,
    },
    at: next,
  }));
};
