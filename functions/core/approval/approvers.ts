import type { Deps } from "../actor";
import { hasRole, type User } from "../user/model";
import type { ApprovalRequest, ApprovalStep } from "./model";
import type { ApprovalLevel, EscalationRule } from "./policy";

const active = (users: User[]) => users.filter((u) => u.active);
const withRole = (users: User[], role: User["roles"][number]) => active(users).filter((u) => u.roles.includes(role));

/** Why a level went to someone other than its rule's people: shown with the step in the approval history. */
export type RoutingNote = { zh: string; en: string };

export interface Routing {
  approverIds: string[];
  note: RoutingNote | null;
}

/** The submitter's managers, nearest first (active ones only; guarded against cycles). */
function managerChain(submitter: User, byId: Map<string, User>): User[] {
  const out: User[] = [];
  const seen = new Set([submitter.id]);
  for (let id = submitter.managerId; id && !seen.has(id); id = byId.get(id)?.managerId ?? null) {
    seen.add(id);
    const m = byId.get(id);
    if (m?.active) out.push(m);
  }
  return out;
}

/**
 * Who decides a level, and why when it is not the rule's own people. Nobody ever approves their own
 * submission: when the rule finds only the submitter, the level goes up the submitter's manager
 * chain, then to the level's role (approver or escalation role) without the submitter, then to the
 * general manager, then ADMIN. A rule that finds nobody (a rep without a manager) goes to the general
 * manager, then ADMIN. May be nobody at all: the step then waits for its escalation or expiry.
 */
export function routeApprovers(level: Pick<ApprovalLevel, "approver" | "escalateTo">, submitter: User, users: User[]): Routing {
  const rule = level.approver;
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
  const notSubmitter = (list: User[]) => list.filter((u) => u.id !== submitter.id);
  const others = notSubmitter(found);
  if (others.length) return { approverIds: others.map((u) => u.id), note: null };
  const names = (list: User[]) => list.map((u) => u.name);
  const self = found.length > 0;
  const candidates: User[][] = self
    ? [
        managerChain(submitter, byId).slice(0, 1),
        ...[rule, level.escalateTo].flatMap((r) => (r.kind === "ROLE" ? [notSubmitter(withRole(users, r.role))] : [])),
        notSubmitter(withRole(users, "GM")),
        notSubmitter(withRole(users, "ADMIN")),
      ]
    : [notSubmitter(withRole(users, "GM")), notSubmitter(withRole(users, "ADMIN"))];
  const chosen = candidates.find((c) => c.length) ?? [];
  const to = names(chosen);
  const note: RoutingNote = self
    ? to.length
      ? { zh: `提交人不能审批自己的申请，已转交${to.join("、")}审批`, en: `The submitter cannot approve their own request; sent to ${to.join(", ")} instead` }
      : { zh: "提交人不能审批自己的申请，且没有其他可审批的人，等待超时升级", en: "The submitter cannot approve their own request and nobody else can; waiting for escalation" }
    : to.length
      ? { zh: `按审批规则找不到审批人，已转交${to.join("、")}审批`, en: `The rule found no approver; sent to ${to.join(", ")} instead` }
      : { zh: "按审批规则找不到审批人，等待超时升级", en: "The rule found no approver; waiting for escalation" };
  return { approverIds: chosen.map((u) => u.id), note };
}

/**
 * Who an unanswered level goes to next; may be nobody (the approvers are then only reminded). Never
 * the submitter (`submitterId`).
 */
export function escalationTargets(rule: EscalationRule, approverIds: string[], users: User[], submitterId?: string): string[] {
  const byId = new Map(users.map((u) => [u.id, u]));
  const targets =
    rule.kind === "APPROVER_MANAGER"
      ? approverIds.map((id) => byId.get(id)?.managerId).flatMap((m) => (m && byId.get(m)?.active ? [m] : []))
      : withRole(users, rule.role).map((u) => u.id);
  const next = [...new Set(targets)].filter((id) => !approverIds.includes(id) && id !== submitterId);
  // Only the submitter was there to escalate to (the GM's own quote): the ADMINs take it instead.
  if (!next.length && submitterId && targets.includes(submitterId)) return withRole(users, "ADMIN").map((u) => u.id).filter((id) => id !== submitterId && !approverIds.includes(id));
  return next;
}

/** Margins are for managers, finance and the general manager. */
export const seesMargin = (u: Pick<User, "roles">) => hasRole(u, "MANAGER", "FINANCE", "GM");

/** The people a request's page or decision names (its submitter and everyone on its steps), loaded by id. */
export async function peopleOf(deps: Deps, request: ApprovalRequest, steps: ApprovalStep[]): Promise<Map<string, User>> {
  const ids = new Set([request.submittedBy, ...steps.flatMap((s) => [...s.approverIds, ...s.escalatedTo, ...(s.decidedBy ? [s.decidedBy] : [])])]);
  const users = await deps.store.users.getMany([...ids]);
  return new Map(users.filter((u): u is User => !!u).map((u) => [u.id, u]));
}

/**
 * Whether someone the step was given to may still decide it, judged from the people involved
 * (loaded by id, never the whole directory): active, not the submitter, and still holding what put
 * them there: the level's or its escalation's role, GM or ADMIN (the fallbacks), the level's named
 * user, or a place in the submitter's manager chain. A role taken away or a move out of the chain
 * ends the right.
 */
export async function eligibleNow(deps: Deps, level: ApprovalLevel, approver: User | undefined, submitter: User | undefined): Promise<boolean> {
  if (!approver?.active || !submitter || approver.id === submitter.id) return false;
  const roles = [level.approver, level.escalateTo].flatMap((r) => (r.kind === "ROLE" ? [r.role] : []));
  if (approver.roles.some((r) => roles.includes(r) || r === "GM" || r === "ADMIN")) return true;
  if (level.approver.kind === "USER" && level.approver.userId === approver.id) return true;
  // A place in the chain counts for someone who still manages (a MANAGER role taken away ends it).
  if (!hasRole(approver, "MANAGER")) return false;
  const seen = new Set([submitter.id]);
  for (let id = submitter.managerId; id && !seen.has(id) && seen.size < 20; ) {
    if (id === approver.id) return true;
    seen.add(id);
    const [m] = await deps.store.users.getMany([id]);
    id = m?.managerId ?? null;
  }
  return false;
}
