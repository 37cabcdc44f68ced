import type { Actor } from "../actor";
import { hasRole, isOrgWide, reportsOf, type Role, type User } from "../user/model";
import { FEASIBILITY_REVIEW } from "./default-types";
import type { BreachKind, WorkOrder } from "./model";

const byName = (a: User, b: User) => a.name.localeCompare(b.name, "zh-CN") || a.id.localeCompare(b.id);

/** Whether `u` is the supervisor of someone active who holds `role` (a department's head or team lead). */
export const supervisesRole = (u: User, role: Role, users: User[]) => users.some((o) => o.active && o.managerId === u.id && hasRole(o, role));

/**
 * The head of a handling department: someone holding its role who supervises others holding it (the
 * technical director for TECH), the topmost if several; without one, the GM, then an ADMIN.
 */
export function departmentHead(role: Role, users: User[]): User | null {
  const active = users.filter((u) => u.active);
  const heads = active.filter((u) => hasRole(u, role) && supervisesRole(u, role, active)).sort(byName);
  const top = heads.find((h) => !heads.some((o) => o.id === h.managerId));
  return top ?? heads[0] ?? active.filter((u) => hasRole(u, "GM")).sort(byName)[0] ?? active.filter((u) => hasRole(u, "ADMIN")).sort(byName)[0] ?? null;
}

/**
 * Who hears of a breach: the assignee's supervisor; unassigned (or no supervisor), the handling
 * department's head (a complaint: the requester's manager). A late feasibility review goes to the technical director (the seeds' rule).
 * Never the assignee themselves: then the GM, or an ADMIN.
 */
export function breachRecipient(wo: WorkOrder, kind: BreachKind, users: User[]): User | null {
  const active = users.filter((u) => u.active);
  const find = (id: string | null | undefined) => (id ? active.find((u) => u.id === id) : undefined);
  const assignee = find(wo.assigneeId);
  const director = wo.typeKey === FEASIBILITY_REVIEW && kind === "RESOLUTION" ? departmentHead("TECH", active) : null;
  // A complaint nobody holds yet is the requester's manager's, not the managers' at large.
  const requestersManager = wo.handlingRole === "MANAGER" ? find(find(wo.createdBy)?.managerId) : undefined;
  const chosen = director ?? find(assignee?.managerId) ?? requestersManager ?? departmentHead(wo.handlingRole, active);
  if (chosen && chosen.id !== wo.assigneeId) return chosen;
  return active.filter((u) => u.id !== wo.assigneeId && hasRole(u, "GM")).sort(byName)[0] ?? active.filter((u) => u.id !== wo.assigneeId && hasRole(u, "ADMIN")).sort(byName)[0] ?? null;
}

/**
 * Whether `u` belongs to the order's handling department. Managers are no shared queue: a complaint
 * (handled by MANAGER) belongs to the requester's manager chain, as managers see their team's and
 * no other region's; every other department is everyone who holds its role.
 */
export function inHandlingDepartment(u: User, wo: WorkOrder, users: User[]): boolean {
  if (wo.handlingRole !== "MANAGER") return hasRole(u, wo.handlingRole);
  return hasRole(u, "MANAGER", "GM") && !!wo.createdBy && reportsOf(u.id, users).has(wo.createdBy);
}

/** Who may be given the order: someone active in the handling department, or a supervisor of its people. */
export const canBeAssigned = (u: User, wo: WorkOrder, users: User[]) =>
  u.active && (inHandlingDepartment(u, wo, users) || (wo.handlingRole !== "MANAGER" && supervisesRole(u, wo.handlingRole, users)));

/** Whether the viewer supervises the order's assignee (directly or through others). */
export const supervisesAssignee = async (actor: Actor, wo: WorkOrder) => !!wo.assigneeId && reportsOf(actor.viewer.id, await actor.orgUsers()).has(wo.assigneeId);

/**
 * Who sees an order: whoever asked for it, its assignee, the handling department's people (for a
 * complaint, the requester's managers), its customer's owner, managers for their team's (asked or
 * assigned), GM and ADMIN everything.
 */
export async function maySee(actor: Actor, wo: WorkOrder): Promise<boolean> {
  const v = actor.viewer;
  if (wo.orgId !== v.orgId) return false;
  if (isOrgWide(v) || wo.createdBy === v.id || wo.assigneeId === v.id || (wo.handlingRole !== "MANAGER" && hasRole(v, wo.handlingRole))) return true;
  // The customer's owner sees what is asked about their customer, whoever asked (its timeline announces it).
  if (wo.customerId && (await actor.deps.store.customers.getMany([wo.customerId]))[0]?.ownerId === v.id) return true;
  if (!hasRole(v, "MANAGER")) return false;
  const team = await actor.team();
  return (!!wo.createdBy && team.has(wo.createdBy)) || (!!wo.assigneeId && team.has(wo.assigneeId));
}

/** Who works on it (acknowledge, start, resolve, reject): its assignee, the department, the assignee's managers, GM and ADMIN. */
export async function mayWork(actor: Actor, wo: WorkOrder): Promise<boolean> {
  const v = actor.viewer;
  if (isOrgWide(v) || wo.assigneeId === v.id || inHandlingDepartment(v, wo, await actor.orgUsers())) return true;
  return !!wo.assigneeId && hasRole(v, "MANAGER") && (await actor.team()).has(wo.assigneeId);
}

/** Who dispatches it: the department's people and supervisors (for a complaint, the requester's managers), GM and ADMIN. */
export async function mayAssign(actor: Actor, wo: WorkOrder): Promise<boolean> {
  const v = actor.viewer;
  const users = await actor.orgUsers();
  return isOrgWide(v) || inHandlingDepartment(v, wo, users) || (wo.handlingRole !== "MANAGER" && supervisesRole(v, wo.handlingRole, users));
}

/**
 * Who confirms a resolution (CLOSED) or sends it back: whoever asked and their managers, GM and
 * ADMIN; for an order the system opened, the department that works on it.
 */
export async function mayConfirm(actor: Actor, wo: WorkOrder): Promise<boolean> {
  const v = actor.viewer;
  if (isOrgWide(v) || wo.createdBy === v.id) return true;
  if (!wo.createdBy) return mayWork(actor, wo);
  return hasRole(v, "MANAGER") && (await actor.team()).has(wo.createdBy);
}
