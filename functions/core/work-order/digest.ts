import type { DigestItem, DigestSource } from "../digest/sources";
import { hasRole } from "../user/model";
import { breachesOf } from "./sla";
import { BREACH_LABELS, type BreachKind, STATUS_LABELS, titleFor, type WorkOrder } from "./model";
import { breachRecipient } from "./people";
import { HANDLING_ROLES } from "./settings";

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
    title: { zh: `${red.length ? "【超时】" : ""}${wo.typeName.zh}：${wo.title}`, en: `${red.length ? "[OVERDUE] " : ""}${wo.typeName.en}: ${titleFor(wo, "en")}` },
    detail: {
      zh: `${STATUS_LABELS[wo.status].zh}${red.length ? `，${red.map((k) => BREACH_LABELS[k].zh).join("、")}` : ""}`,
      en: `${STATUS_LABELS[wo.status].en}${red.length ? `, ${red.map((k) => BREACH_LABELS[k].en).join(", ")}` : ""}`,
    },
    at: next,
  }));
};

const line = (wo: WorkOrder, red: BreachKind[], tag: { zh: string; en: string }): DigestItem => ({
  section: "WORK_ORDERS",
  title: { zh: `${red.length ? "【超时】" : tag.zh}${wo.typeName.zh}：${wo.title}`, en: `${red.length ? "[OVERDUE] " : tag.en}${wo.typeName.en}: ${titleFor(wo, "en")}` },
  detail: {
    zh: `${wo.assigneeId ? STATUS_LABELS[wo.status].zh : "待分派"}${red.length ? `，${red.map((k) => BREACH_LABELS[k].zh).join("、")}` : ""}`,
    en: `${wo.assigneeId ? STATUS_LABELS[wo.status].en : "not yet assigned"}${red.length ? `, ${red.map((k) => BREACH_LABELS[k].en).join(", ")}` : ""}`,
  },
  at: wo.respondedAt ? wo.resolutionDueAt : wo.responseDueAt,
});

/**
 * What a person watches beyond their own orders: their department's unassigned ones (so a queue
 * nobody has picked up is in someone's digest, late ones first), and every late order whose breach
 * email went to them (the digest repeats what was urgent). Reads the unassigned partition and, for
 * a supervisor, their direct reports' open orders.
 */
export const workOrdersToWatch: DigestSource = async (deps, org, user) => {
  const now = deps.clock.now();
  const users = await deps.store.users.listByOrg(org.id);
  const queues = HANDLING_ROLES.filter((r) => r !== "MANAGER" && hasRole(user, r));
  const reports = users.filter((u) => u.managerId === user.id).slice(0, 30);
  const [unassigned, ...ofReports] = await Promise.all([deps.store.workOrders.openAssigned(org.id, null, 100), ...reports.map((r) => deps.store.workOrders.openAssigned(org.id, r.id, 100))]);
  const toldMe = (wo: WorkOrder, red: BreachKind[]) => red.some((k) => breachRecipient(wo, k, users)?.id === user.id);
  const rows = [...unassigned, ...ofReports.flat()]
    .filter((wo) => wo.assigneeId !== user.id)
    .map((wo) => ({ wo, red: breachesOf(wo, now) }))
    .filter(({ wo, red }) => toldMe(wo, red) || (!wo.assigneeId && (queues as string[]).includes(wo.handlingRole)));
  rows.sort((a, b) => Number(b.red.length > 0) - Number(a.red.length > 0) || (line(a.wo, [], { zh: "", en: "" }).at ?? "").localeCompare(line(b.wo, [], { zh: "", en: "" }).at ?? ""));
  return rows.slice(0, MAX_ITEMS).map(({ wo, red }) => line(wo, red, wo.assigneeId ? { zh: "", en: "" } : { zh: "【待分派】", en: "[UNASSIGNED] " }));
};
