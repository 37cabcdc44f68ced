import type { Page } from "../../store";
import type { Actor } from "../actor";
import { checkFilterIds } from "../filter-ids";
import { Checker } from "../validate";
import { businessCalendarOf, businessHoursBetween } from "../calendar/business-hours";
import type { Stage } from "../pipeline/stages";
import { hasRole, isOrgWide } from "../user/model";
import type { SlaBreach } from "./model";

export interface SlaBreachFilter {
  ownerId?: string | null;
  stage?: Stage | null;
  /** Deadlines at or after `from`, before `to`. */
  from?: Date | null;
  to?: Date | null;
}

/**
 * Follow-up SLA breaches, latest deadline first, within the viewer's reach: a rep their own deals', a
 * manager their team's (and their own), GM and ADMIN everyone's. An owner outside that reach gives an
 * empty list, not someone else's breaches.
 */
export async function listSlaBreaches(actor: Actor, filter: SlaBreachFilter, page: { first: number; after: string | null }): Promise<Page<SlaBreach>> {
  const { viewer } = actor;
  const c = new Checker({ "filter.to": { zh: "结束时间", en: "end" } });
  if (filter.from && filter.to && filter.from > filter.to) c.fail("filter.to", "BEFORE_START", { zh: "不能早于开始时间", en: "must not be before the start" });
  await checkFilterIds(actor, c, filter);
  c.done();
  const reach: string[] | "ALL" = isOrgWide(viewer) ? "ALL" : hasRole(viewer, "MANAGER") ? [viewer.id, ...(await actor.team())] : [viewer.id];
  const owners = filter.ownerId ? (reach === "ALL" || reach.includes(filter.ownerId) ? [filter.ownerId] : []) : reach;
  if (owners !== "ALL" && !owners.length) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
  return actor.deps.store.slaBreaches.page({
    orgId: viewer.orgId,
    owners,
    stage: filter.stage,
    from: filter.from?.toISOString(),
    to: filter.to?.toISOString(),
    first: page.first,
    after: page.after,
  });
}

/** How late the follow-up was (or still is), in the organization's business hours. */
export async function hoursLate(actor: Actor, b: SlaBreach): Promise<number> {
  const cal = businessCalendarOf(await actor.org());
  const until = b.resolvedAt ? new Date(b.resolvedAt) : actor.deps.clock.now();
  return Math.round(businessHoursBetween(cal, new Date(b.deadline), until) * 100) / 100;
}
