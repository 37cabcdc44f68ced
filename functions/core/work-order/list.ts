import type { Page } from "../../store";
import type { Filter, PartitionRange } from "../../store/page";
import { workOrderPartition, type WorkOrderPartitionKind } from "../../store/work-orders";
import type { Actor } from "../actor";
import { type PageArgs, pageSize } from "../paging";
import { visibleOpportunity } from "../pipeline/access";
import { hasRole, isOrgWide, type User } from "../user/model";
import type { WorkOrder, WorkOrderStatus } from "./model";
import { HANDLING_ROLES } from "./settings";

export interface WorkOrderFilter {
  status?: WorkOrderStatus | null;
  typeKey?: string | null;
  assigneeId?: string | null;
  department?: string | null;
  breached?: boolean | null;
  customerId?: string | null;
  opportunityId?: string | null;
}

const and = (...filters: (Filter | undefined)[]): Filter | undefined => {
  const fs = filters.filter(Boolean) as Filter[];
  if (fs.length < 2) return fs[0];
  return { expression: fs.map((f) => `(${f.expression})`).join(" AND "), names: Object.assign({}, ...fs.map((f) => f.names)), values: Object.assign({}, ...fs.map((f) => f.values)) };
};

const inList = (attr: string, name: string, values: string[]): string => (values.length ? `#${attr} IN (${values.map((_, i) => `:${name}${i}`).join(", ")})` : "");
const listValues = (name: string, values: string[]) => Object.fromEntries(values.map((v, i) => [`:${name}${i}`, v]));

/** Deadlines missed (answered late, or past and unanswered), as the ticket's red shows them. */
const breachedExpression = "(responseDueAt < respondedAt) OR (attribute_not_exists(respondedAt) AND responseDueAt < :now) OR (resolutionDueAt < finishedAt) OR (attribute_not_exists(finishedAt) AND resolutionDueAt < :now)";

/** The department queues the viewer reads whole: not MANAGER's, whose complaints are each requester's managers' (their team's). */
const queuesOf = (v: User) => HANDLING_ROLES.filter((r) => r !== "MANAGER" && hasRole(v, r));

/** The viewer's scope, for partitions that hold others' orders too (a customer's, someone's, a department's). */
async function scopeFilter(actor: Actor): Promise<Filter | undefined> {
  const v = actor.viewer;
  if (isOrgWide(v)) return undefined;
  const people = [v.id, ...(hasRole(v, "MANAGER") ? [...(await actor.team())].slice(0, 90) : [])];
  const roles = queuesOf(v);
  const parts = [inList("createdBy", "p", people), inList("assigneeId", "p", people), inList("handlingRole", "r", roles)].filter(Boolean);
  return { expression: parts.join(" OR "), names: { "#createdBy": "createdBy", "#assigneeId": "assigneeId", ...(roles.length ? { "#handlingRole": "handlingRole" } : {}) }, values: { ...listValues("p", people), ...listValues("r", roles) } };
}

/** Where to read: the narrowest index the filter names, else the partitions of what the viewer may see. */
async function source(actor: Actor, f: WorkOrderFilter): Promise<{ kind: WorkOrderPartitionKind; partitions: (string | PartitionRange)[]; scoped: boolean; extra?: Filter }> {
  const v = actor.viewer;
  const org = v.orgId;
  if (f.opportunityId) {
    const deal = await visibleOpportunity(actor, f.opportunityId);
    return {
      kind: "customer",
      partitions: deal ? [workOrderPartition.customer(deal.customerId)] : [],
      scoped: true,
      extra: { expression: "#opportunityId = :opportunityId", names: { "#opportunityId": "opportunityId" }, values: { ":opportunityId": f.opportunityId } },
    };
  }
  if (f.customerId) return { kind: "customer", partitions: [workOrderPartition.customer(f.customerId)], scoped: true };
  if (f.assigneeId) {
    const open = f.status ? [!["RESOLVED", "CLOSED", "REJECTED"].includes(f.status)] : [true, false];
    return { kind: "assignee", partitions: open.map((o) => workOrderPartition.assignee(org, f.assigneeId!, o)), scoped: true };
  }
  if (f.department) return { kind: "department", partitions: [workOrderPartition.department(org, f.department)], scoped: true };
  if (isOrgWide(v)) return { kind: "org", partitions: [workOrderPartition.org(org)], scoped: false };
  return { kind: "creator", partitions: [], scoped: false };
}

/**
 * The orders the viewer may see, newest first, filtered. Reads indexes only: a named customer, deal,
 * assignee or department reads that partition (keeping the viewer's scope); otherwise GM and ADMIN
 * read the organization's, everyone else the partitions of their own scope (asked by them, assigned to
 * them, their departments' queues, and for managers their team's).
 */
export async function listWorkOrders(actor: Actor, f: WorkOrderFilter, args: PageArgs): Promise<Page<WorkOrder>> {
  const first = pageSize(args);
  const v = actor.viewer;
  const now = actor.deps.clock.now().toISOString();
  const filters = and(
    f.status ? { expression: "#status = :status", names: { "#status": "status" }, values: { ":status": f.status } } : undefined,
    f.typeKey ? { expression: "#typeKey = :typeKey", names: { "#typeKey": "typeKey" }, values: { ":typeKey": f.typeKey } } : undefined,
    f.department ? { expression: "#handlingRole = :dept", names: { "#handlingRole": "handlingRole" }, values: { ":dept": f.department } } : undefined,
    f.assigneeId ? { expression: "#assigneeId = :assignee", names: { "#assigneeId": "assigneeId" }, values: { ":assignee": f.assigneeId } } : undefined,
    f.breached == null ? undefined : { expression: f.breached ? breachedExpression : `NOT (${breachedExpression})`, names: {}, values: { ":now": now } },
  );
  const src = await source(actor, f);
  const store = actor.deps.store.workOrders;
  if (src.kind !== "creator" || src.partitions.length) {
    const page = await store.page(src.kind, src.partitions, { first, after: args.after, filter: and(src.extra, filters, src.scoped ? await scopeFilter(actor) : undefined) });
    return page;
  }
  // Everyone else: the union of what they asked for, what they hold, their departments' queues, their team's.
  const people = [v.id, ...(hasRole(v, "MANAGER") ? [...(await actor.team())] : [])];
  const roles = queuesOf(v);
  const reads: [WorkOrderPartitionKind, string[]][] = [
    ["creator", people.map((p) => workOrderPartition.creator(v.orgId, p))],
    ["assignee", people.flatMap((p) => [true, false].map((o) => workOrderPartition.assignee(v.orgId, p, o)))],
    ["department", roles.map((r) => workOrderPartition.department(v.orgId, r))],
  ];
  const pages = await Promise.all(reads.map(([kind, partitions]) => store.page(kind, partitions, { first, after: args.after, filter: filters })));
  // The same order can sit in several (asked for and assigned to the viewer): one of each, newest first.
  const seen = new Map<string, { wo: WorkOrder; cursor: string }>();
  pages.forEach((p) => p.items.forEach((wo, i) => seen.has(wo.id) || seen.set(wo.id, { wo, cursor: p.cursors[i] })));
  const merged = [...seen.values()].sort((a, b) => (a.wo.createdAt === b.wo.createdAt ? b.wo.id.localeCompare(a.wo.id) : b.wo.createdAt.localeCompare(a.wo.createdAt)));
  const page = merged.slice(0, first);
  const more = merged.length > first || pages.some((p) => p.hasNextPage);
  return { items: page.map((e) => e.wo), cursors: page.map((e) => e.cursor), hasNextPage: more, endCursor: more ? (page.at(-1)?.cursor ?? null) : null };
}
