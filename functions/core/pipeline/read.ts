import type { Page } from "../../store";
import type { Actor } from "../actor";
import { addDays, localDay, localDaysBetween, startOfLocalDay } from "../local-day";
import { DEFAULT_TIME_ZONE, type Organization } from "../organization";
import { type PageArgs, pageSize } from "../paging";
import { readDirectoryBeside, teamView } from "../team/lists";
import { checkFilterIds } from "../filter-ids";
import { Checker } from "../validate";
import { opportunityOwnersInView } from "./access";
import type { Evidence, Opportunity } from "./model";
import { isOpen, OPEN_STAGES, type Stage, stageSettings } from "./stages";

export interface OpportunityFilter {
  ownerId?: string | null;
  stage?: Stage | null;
  customerId?: string | null;
  closeFrom?: string | null;
  closeTo?: string | null;
  /** true: only open deals that have sat in their stage longer than the stage allows. */
  stalled?: boolean | null;
}

/**
 * Whole days in the current stage, counted in the organization's calendar: a deal that entered at
 * 23:50 has been in it one day at 00:10. (The zone defaults to the default organization's, for
 * callers that do not pass the organization's own yet.)
 */
export const daysInStage = (o: Opportunity, now: Date, timeZone: string = DEFAULT_TIME_ZONE) =>
  localDaysBetween(new Date(o.stageEnteredAt), now, timeZone);

/**
 * Open, and more whole days in the stage than the organization allows (seeds: "> 5 days"), so a deal
 * showing 5 days in stage is not stalled and one showing 6 is.
 */
export function isStalled(o: Opportunity, org: Organization, now: Date): boolean {
  const limit = stageSettings(org.pipeline, o.stage)?.stalledAfterDays ?? 0;
  return isOpen(o.stage) && limit > 0 && daysInStage(o, now, org.timeZone) > limit;
}

/** The deals the viewer may see, closing soonest first (stalled: longest stalled first). */
export async function listOpportunities(actor: Actor, filter: OpportunityFilter, args: PageArgs): Promise<Page<Opportunity>> {
  const c = new Checker({ "filter.closeFrom": { zh: "成交日期起", en: "close from" }, "filter.closeTo": { zh: "成交日期止", en: "close to" } });
  const closeFrom = c.day("filter.closeFrom", filter.closeFrom);
  const closeTo = c.day("filter.closeTo", filter.closeTo);
  // As the quote and contract lists answer it (an empty range is a mistake, not an empty list).
  if (closeFrom && closeTo && closeFrom > closeTo) c.fail("filter.closeTo", "BEFORE_START", { zh: `不能早于成交日期起（${closeFrom}）`, en: `must not be before close from (${closeFrom})` });
  await checkFilterIds(actor, c, filter);
  c.done();
  const first = pageSize(args);
  const store = actor.deps.store.opportunities;
  const orgId = actor.viewer.orgId;
  // A manager's whole team, closing soonest first: their own and their team's by team, beside the directory read.
  const byTeam = filter.ownerId != null || filter.customerId || filter.stalled ? null : await teamView(actor);
  if (byTeam) {
    return store.page({ orgId, owners: [actor.viewer.id], teams: [actor.viewer.id], teamsBelow: byTeam.below, closeFrom, closeTo, stage: filter.stage, first, after: args.after });
  }
  const inView = await opportunityOwnersInView(actor);
  const owners =
    filter.ownerId != null ? (inView === "ALL" || inView.has(filter.ownerId) ? [filter.ownerId] : []) : inView === "ALL" ? "ALL" : [...inView];
  if (owners !== "ALL" && !owners.length) return { items: [], cursors: [], hasNextPage: false, endCursor: null };

  if (filter.stalled) {
    const org = await actor.org();
    const now = actor.deps.clock.now();
    const cutoffs: Partial<Record<Stage, string>> = {};
    const today = localDay(now, org.timeZone);
    for (const stage of OPEN_STAGES) {
      const limit = stageSettings(org.pipeline, stage)?.stalledAfterDays ?? 0;
      // Stalled once limit + 1 local days have passed: entered before the start of local day today − limit.
      const enteredBefore = startOfLocalDay(addDays(today, -limit), org.timeZone).getTime();
      if (limit > 0 && (!filter.stage || filter.stage === stage)) cutoffs[stage] = new Date(enteredBefore - 1).toISOString();
    }
    return store.stalled({ orgId, owners, cutoffs, customerId: filter.customerId, closeFrom, closeTo, first, after: args.after });
  }
  if (owners === "ALL") return readDirectoryBeside(actor, store.page({ orgId, owners, customerId: filter.customerId, closeFrom, closeTo, stage: filter.stage, first, after: args.after }));
  return store.page({ orgId, owners, customerId: filter.customerId, closeFrom, closeTo, stage: filter.stage, first, after: args.after });
}

/** The files attached to a deal, newest first. */
export async function evidenceOf(actor: Actor, o: Opportunity): Promise<Evidence[]> {
  // Through the request's loader: a page of deals reads its evidence in one BatchGetItem.
  return [...(await actor.evidence.load(o.id))].reverse();
}
