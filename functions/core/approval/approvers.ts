import { hasRole, type User } from "../user/model";
import type { ApproverRule, EscalationRule } from "./policy";

const active = (users: User[]) => users.filter((u) => u.active);
const withRole = (users: User[], role: User["roles"][number]) => active(users).filter((u) => u.roles.includes(role));

/**
 * Who decides a level. Nobody approves their own submission when someone else can; a level whose
 * rule finds nobody (a rep without a manager) goes to the general manager, then ADMIN, rather than
 * waiting on no one.
 */
export function resolveApprovers(rule: ApproverRule, submitter: User, users: User[]): string[] {
  const byId = new Map(users.map((u) => [u.id, u]));
  let found: User[] = [];
  if (rule.kind === "SUBMITTER_MANAGER") {
    const m = submitter.managerId ? byId.get(submitter.managerId) : undefined;
    found = m?.active ? [m] : [];
  } else if (rule.kind === "ROLE") {
    found = withRole(users, rule.role);
  } else {
    const u = byId.get(rule.userId);
    found = u?.active ? [u] : [];
  }
  const others = found.filter((u) => u.id !== submitter.id);
  if (others.length) return others.map((u) => u.id);
  const fallback = withRole(users, "GM").filter((u) => u.id !== submitter.id);
  if (fallback.length) return fallback.map((u) => u.id);
  return (found.length ? found : withRole(users, "ADMIN")).map((u) => u.id);
}

/** Who an unanswered level goes to next; may be nobody (the approvers are then only reminded). */
export function escalationTargets(rule: EscalationRule, approverIds: string[], users: User[]): string[] {
  const byId = new Map(users.map((u) => [u.id, u]));
  const targets =
    rule.kind === "APPROVER_MANAGER"
      ? approverIds.map((id) => byId.get(id)?.managerId).flatMap((m) => (m && byId.get(m)?.active ? [m] : []))
      : withRole(users, rule.role).map((u) => u.id);
  return [...new Set(targets)].filter((id) => !approverIds.includes(id));
}

/** Margins are for managers, finance and the general manager. */
export const seesMargin = (u: Pick<User, "roles">) => hasRole(u, "MANAGER", "FINANCE", "GM");
