import { addDays, startOfLocalDay } from "../local-day";
import { STAGE_LABELS } from "../pipeline/stages";
import type { DigestItem, DigestSource } from "../digest/sources";
import { hasRole, reportsOf } from "../user/model";
import type { SlaBreach } from "./model";

/** Breaches older than this are left to the slaBreaches report, not repeated daily. */
const LOOK_BACK_DAYS = 30;

/**
 * Follow-up SLA breaches still unanswered: the person's own, and for a manager their team's that
 * were already due before today (the owner had a day to answer). One owner partition each.
 */
export const slaBreachesOf: DigestSource = async (deps, org, user, day) => {
  const since = startOfLocalDay(addDays(day, -LOOK_BACK_DAYS), org.timeZone).toISOString();
  const dayStart = startOfLocalDay(day, org.timeZone).toISOString();
  const dealsOf = async (breaches: SlaBreach[]) => new Map((await deps.store.opportunities.getMany(breaches.map((b) => b.opportunityId))).filter((o) => o).map((o) => [o!.id, o!]));
  const own = await deps.store.slaBreaches.openForOwner(org.id, user.id, since);
  let team: SlaBreach[] = [];
  let names = new Map<string, string>();
  if (hasRole(user, "MANAGER")) {
    const people = await deps.store.users.listByOrg(org.id);
    names = new Map(people.map((p) => [p.id, p.name]));
    for (const id of reportsOf(user.id, people)) team.push(...(await deps.store.slaBreaches.openForOwner(org.id, id, since)));
    team = team.filter((b) => b.deadline < dayStart);
  }
  const deals = await dealsOf([...own, ...team]);
  const itemOf = (b: SlaBreach, ownerName: string | null): DigestItem => {
    const title = deals.get(b.opportunityId)?.title ?? b.opportunityId;
    const stage = STAGE_LABELS[b.stage];
    return {
      section: "SLA_BREACHES",
      title: { zh: ownerName ? `${title}（${ownerName}）` : title, en: ownerName ? `${title} (${ownerName})` : title },
      detail: { zh: `${stage.zh}阶段 ${b.slaHours} 个工作小时内未跟进，截止`, en: `no follow-up within ${b.slaHours} business hours at ${stage.en}; was due` },
      at: b.deadline,
    };
  };
  return [...own.map((b) => itemOf(b, null)), ...team.map((b) => itemOf(b, names.get(b.ownerId) ?? null))];
};
