import { addDays, localDaysBetween, startOfLocalDay } from "../local-day";
import type { Organization } from "../organization";
import type { Opportunity } from "../pipeline/model";
import { OPEN_STAGES, STAGE_LABELS, type Stage, stageSettings } from "../pipeline/stages";
import type { DigestItem, DigestSource } from "../digest/sources";
import { hasRole, reportsOf } from "../user/model";
import { ladderOf } from "./ladder";

const MAX_ITEMS = 20;

/** Per open stage, the latest entry time that counts as stalled on `day` (more whole days than the limit). */
function cutoffsOn(org: Organization, day: string): Partial<Record<Stage, string>> {
  const cutoffs: Partial<Record<Stage, string>> = {};
  for (const stage of OPEN_STAGES) {
    const limit = stageSettings(org.pipeline, stage)?.stalledAfterDays ?? 0;
    if (limit > 0) cutoffs[stage] = new Date(startOfLocalDay(addDays(day, -limit), org.timeZone).getTime() - 1).toISOString();
  }
  return cutoffs;
}

const itemOf = (org: Organization, o: Opportunity, now: Date, ownerName: string | null): DigestItem => {
  const days = localDaysBetween(new Date(o.stageEnteredAt), now, org.timeZone);
  const stage = STAGE_LABELS[o.stage];
  return {
    section: "STALLED_DEALS",
    title: { zh: ownerName ? `${o.title}（${ownerName}）` : o.title, en: ownerName ? `${o.title} (${ownerName})` : o.title },
    detail: { zh: `在${stage.zh}已停留 ${days} 天`, en: `${days} days at ${stage.en}` },
    at: o.stageEnteredAt,
  };
};

/**
 * The person's own stalled deals, longest stalled first; a manager also sees their team's deals whose
 * ladder has reached them (escalated). Reads the open-stage index for these owners only.
 */
export const stalledDeals: DigestSource = async (deps, org, user, day) => {
  const now = deps.clock.now();
  const cutoffs = cutoffsOn(org, day);
  const own = await deps.store.opportunities.stalled({ orgId: org.id, owners: [user.id], cutoffs, first: MAX_ITEMS });
  const items = own.items.map((o) => itemOf(org, o, now, null));
  if (!hasRole(user, "MANAGER")) return items;
  const people = await deps.store.users.listByOrg(org.id);
  const team = [...reportsOf(user.id, people)];
  if (!team.length) return items;
  const names = new Map(people.map((p) => [p.id, p.name]));
  const theirs = await deps.store.opportunities.stalled({ orgId: org.id, owners: team.slice(0, 100), cutoffs, first: MAX_ITEMS });
  const escalated = theirs.items.filter((o) => {
    const ladder = ladderOf(org, o);
    return ladder !== null && ladder.managerAt <= now;
  });
  return [...items, ...escalated.map((o) => itemOf(org, o, now, names.get(o.ownerId) ?? null))];
};
