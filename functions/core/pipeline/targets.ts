import { canActForOwner } from "../access";
import { type Actor, loadUser } from "../actor";
import { newActivity } from "../activity";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { formatMoney, type Money } from "../money";
import { parsePeriod } from "../period";
import { hasRole, type User } from "../user/model";
import { Checker } from "../validate";
import type { MoneyInput } from "./input";

export interface SetTargetInput {
  /** A person's target… */
  userId?: string | null;
  /** …or a team's: the id of the manager who leads it. */
  teamId?: string | null;
  period: string;
  amount: MoneyInput;
}

/**
 * Sets (or replaces) a sales target for a person or a team for a month, quarter or year. ADMIN and
 * GM set any; a manager sets their own team's and their people's.
 */
export async function setTarget(actor: Actor, input: SetTargetInput): Promise<{ scope: "USER" | "TEAM"; id: string; period: string; amount: Money }> {
  const org = await actor.org();
  const c = new Checker();
  const amount = c.money("amount", input.amount, org.currency);
  if ((input.userId ? 1 : 0) + (input.teamId ? 1 : 0) !== 1) {
    c.fail("userId", "ONE_OF", { zh: "请指定 userId 或 teamId 之一", en: "give exactly one of userId and teamId" });
  }
  c.done();
  const period = parsePeriod(input.period);
  const scope = input.userId ? "USER" : "TEAM";
  const id = (input.userId ?? input.teamId) as string;
  const subject = await loadUser(actor, id);
  if (!subject) throw new NotFoundError("User", id);
  if (scope === "TEAM" && !hasRole(subject, "MANAGER")) {
    throw new ValidationError([{ path: ["teamId"], code: "NOT_A_MANAGER", text: { zh: "团队目标应指定团队经理", en: "must be the id of the team's manager" } }]);
  }
  const v = actor.viewer;
  const allowed = hasRole(v, "ADMIN", "GM") || (hasRole(v, "MANAGER") && canActForOwner(v, id, await actor.team()));
  if (!allowed) throw new ForbiddenError();
  const now = actor.deps.clock.now();
  const store = actor.deps.store;
  const target = { scope, id, amount: amount as Money, setBy: v.id, setAt: now.toISOString() } as const;
  const note = `${period.key} ${subject.name}${scope === "TEAM" ? "团队" : ""} ${formatMoney(target.amount)}`;
  await store.pipelineTotals.setTarget(
    org.id,
    period.key,
    target,
    newActivity({ orgId: org.id, subjectType: "ORGANIZATION", subjectId: org.id, kind: "TARGET_SET", actorId: v.id, note }, now),
  );
  return { scope, id, period: period.key, amount: target.amount };
}

const sumKnown = (values: (number | null | undefined)[]) => {
  const known = values.filter((v): v is number => v != null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
};

/**
 * Targets rolled up the reporting lines of the people in view. A team's target is the one set for
 * its manager's team, or else the manager's own plus each direct report's team target (any depth);
 * the total is the sum over the people in view whose manager is not in view. The total so depends
 * only on the targets and the people in view, never on how the forecast is grouped, and a team
 * target stands in for the targets of the people in it rather than adding to them.
 */
export function targetRollup(inView: User[], targets: Map<string, number>) {
  const ids = new Set(inView.map((u) => u.id));
  const reports = new Map<string, User[]>();
  for (const u of inView) if (u.managerId && ids.has(u.managerId)) reports.set(u.managerId, [...(reports.get(u.managerId) ?? []), u]);
  const memo = new Map<string, number | null>();
  const team = (id: string, path = new Set<string>()): number | null => {
    if (memo.has(id)) return memo.get(id) as number | null;
    if (path.has(id)) return null; // a cycle in the reporting lines: count each person once
    path.add(id);
    const value = targets.get(`TEAM#${id}`) ?? sumKnown([targets.get(`USER#${id}`), ...(reports.get(id) ?? []).map((r) => team(r.id, path))]);
    memo.set(id, value);
    return value;
  };
  /** Everyone in view who reports to no one in view: the tops of the trees the viewer sees. */
  const tops = (under?: string) => inView.filter((u) => !(u.managerId && ids.has(u.managerId)) && (under === undefined || u.managerId === under));
  return {
    total: () => sumKnown(tops().map((u) => team(u.id))),
    /** A TEAM row's lead; a lead outside the viewer's view stands for the people in view under them. */
    team: (leadId: string) => (ids.has(leadId) ? team(leadId) : sumKnown(tops(leadId).map((u) => team(u.id)))),
  };
}
