import type { DealListQuery } from "../../store/deal-lists";
import type { Page } from "../../store";
import { customerScope } from "../access";
import type { Actor } from "../actor";
import { checkFilterIds } from "../filter-ids";
import { addDays, startOfLocalDay } from "../local-day";
import { type PageArgs, pageSize } from "../paging";
import { visibleOpportunity } from "../pipeline/access";
import type { Text } from "../text";
import { Checker } from "../validate";

/** What the quote and contract lists share: whose, which customer, which status, a range of days. */
export interface DealListFilter {
  status?: string | null;
  ownerId?: string | null;
  customerId?: string | null;
  /** Local days (the organization's calendar), inclusive. */
  from?: string | null;
  to?: string | null;
}

export const EMPTY_PAGE = { items: [], cursors: [], hasNextPage: false, endCursor: null };

/**
 * Checks the filter and turns the viewer's scope into the partitions to read: the same rule as seeing
 * one quote or contract (one on a deal the viewer may see: reps their own, managers their team's and
 * their own, ADMIN, GM, FINANCE, LEGAL and TECH all). null: nothing can match (an owner out of view).
 * `range`: the filter's names for the two days and what they are called, for its errors.
 */
export async function dealListQuery(
  actor: Actor,
  filter: DealListFilter,
  args: PageArgs,
  range: { from: string; to: string; fromLabel: Text; toLabel: Text },
): Promise<{ query: DealListQuery; fromInstant?: string; toInstant?: string } | null> {
  const c = new Checker({
    "filter.ownerId": { zh: "负责人", en: "owner" },
    "filter.customerId": { zh: "客户", en: "customer" },
    [`filter.${range.from}`]: range.fromLabel,
    [`filter.${range.to}`]: range.toLabel,
  });
  const first = pageSize(args);
  const from = c.day(`filter.${range.from}`, filter.from);
  const to = c.day(`filter.${range.to}`, filter.to);
  if (from && to && from > to) c.fail(`filter.${range.to}`, "BEFORE_START", { zh: `不能早于${range.fromLabel.zh}（${from}）`, en: `must not be before ${range.fromLabel.en} (${from})` });
  await checkFilterIds(actor, c, filter);
  c.done();

  const scope = customerScope(actor.viewer, await actor.team());
  const inView = scope.all ? null : scope.ownerIds;
  if (filter.ownerId && inView && !inView.has(filter.ownerId)) return null;
  const owners: string[] | "ALL" = filter.ownerId ? [filter.ownerId] : inView ? [...inView] : "ALL";
  const timeZone = (await actor.org()).timeZone;
  // Nothing is submitted or signed before it is created: the range's end bounds the creation time too.
  const dayAfterTo = to ? startOfLocalDay(addDays(to, 1), timeZone) : undefined;
  return {
    query: { orgId: actor.viewer.orgId, owners, customerId: filter.customerId, status: filter.status, createdBefore: dayAfterTo?.toISOString(), first, after: args.after },
    fromInstant: from ? startOfLocalDay(from, timeZone).toISOString() : undefined,
    toInstant: dayAfterTo ? new Date(dayAfterTo.getTime() - 1).toISOString() : undefined,
  };
}

/**
 * Drops what the viewer may not see after all: the index files a quote under the owner it was
 * given, and the deal decides (one BatchGetItem of the page's deals through the request's loader).
 */
export async function onlyVisible<T extends { opportunityId: string }>(actor: Actor, page: Page<T>): Promise<Page<T>> {
  const seen = await Promise.all(page.items.map((i) => visibleOpportunity(actor, i.opportunityId)));
  const keep = page.items.map((_, i) => !!seen[i]);
  return { ...page, items: page.items.filter((_, i) => keep[i]), cursors: page.cursors.filter((_, i) => keep[i]) };
}
