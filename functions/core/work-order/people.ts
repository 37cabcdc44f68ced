import type { Actor } from "../actor";
import { hasRole, isOrgWide, type Role, type User } from "../user/model";
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
 * department's head. A late feasibility review goes to the technical director (the seeds' rule).
 * Never the assignee themselves: then the GM, or an ADMIN.
 */
export function breachRecipient(wo: WorkOrder, kind: BreachKind, users: User[]): User | null {
  const active = users.filter((u) => u.active);
  const find = (id: string | null | undefined) => (id ? active.find((u) => u.id === id) : undefined);
  const assignee = find(wo.assigneeId);
  const director = wo.typeKey === FEASIBILITY_REVIEW && kind === "RESOLUTION" ? departmentHead("TECH", active) : null;
  const chosen = director ?? find(assignee?.managerId) ?? departmentHead(wo.handlingRole, active);
  if (chosen && chosen.id !== wo.assigneeId) return chosen;
  return active.filter((u) => u.id !== wo.assigneeId && hasRole(u, "GM")).sort(byName)[0] ?? active.filter((u) => u.id !== wo.assigneeId && hasRole(u, "ADMIN")).sort(byName)[0] ?? null;
}

/** Who may be given the order: someone active in the handling department, or a supervisor of its people. */
export const canBeAssigned = (u: User, role: Role, users: User[]) => u.active && (hasRole(u, role) || supervisesRole(u, role, users));

/**
 * Who sees an order: whoever asked for it, its assignee, the handling department's people, managers
 * for their team's (asked or assigned), GM and ADMIN everything.
 */
export async function maySee(actor: Actor, wo: WorkOrder): Promise<boolean> {
  const v = actor.viewer;
  if (wo.orgId !== v.orgId) return false;
  if (isOrgWide(v) || wo.createdBy === v.id || wo.assigneeId === v.id || hasRole(v, wo.handlingRole)) return true;
  if (!hasRole(v, "MANAGER")) return false;
  const team = await actor.team();
  return (!!wo.createdBy && team.has(wo.createdBy)) || (!!wo.assigneeId && team.has(wo.assigneeId));
}

/** Who works on it (acknowledge, start, resolve, reject): its assignee, the department, the assignee's managers, GM and ADMIN. */
export async function mayWork(actor: Actor, wo: WorkOrder): Promise<boolean> {
  const v = actor.viewer;
  if (isOrgWide(v) || wo.assigneeId === v.id || hasRole(v, wo.handlingRole)) return true;
  return !!wo.assigneeId && hasRole(v, "MANAGER") && (await actor.team()).has(wo.assigneeId);
}

/** Who dispatches it: the department's people and supervisors, GM and ADMIN. */
export async function mayAssign(actor: Actor, wo: WorkOrder): Promise<boolean> {
  const v = actor.viewer;
  return isOrgWide(v) || hasRole(v, wo.handlingRole) || supervisesRole(v, wo.handlingRole, await actor.orgUsers());
}
