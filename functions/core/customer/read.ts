import type { Page } from "../../store";
import { customerScope } from "../access";
import type { Actor } from "../actor";
import { readDirectoryBeside, teamView } from "../team/lists";
import { type PageArgs, pageSize } from "../paging";
import type { Customer, Tier } from "./model";
import { searchWords } from "./search";
import { checkFilterIds } from "../filter-ids";
import { Checker } from "../validate";

export interface CustomerFilter {
  tier?: Tier | null;
  ownerId?: string | null;
  region?: string | null;
  industry?: string | null;
  search?: string | null;
  inPool?: boolean | null;
}

/**
 * The customers the viewer may see, narrowed by the filter, newest first. The scope decides which
 * index partitions are read (org-wide, or the owners in view plus the pool), so a rep's list never
 * touches anyone else's customers.
 */
export async function listCustomers(actor: Actor, filter: CustomerFilter, args: PageArgs): Promise<Page<Customer>> {
  const first = pageSize(args);
  // Each customer's release date needs the organization's settings: read beside the page, not after it.
  actor.org().catch(() => undefined);
  const search = searchWords(filter.search);
  const rest = {
    tier: filter.tier,
    region: filter.region?.trim() || null,
    industry: filter.industry?.trim() || null,
    search: search ?? [],
  };
  if (filter.ownerId != null) {
    const c = new Checker();
    await checkFilterIds(actor, c, { ownerId: filter.ownerId });
    c.done();
  }
  if (!search) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
  const base = { orgId: actor.viewer.orgId, first, after: args.after };
  const store = actor.deps.store.customers;
  const byTeam = filter.ownerId ? null : await teamView(actor);
  if (byTeam) {
    // A manager: the pool and their own by owner (none to read while they hold none: the counter
    // moves with the customers), everyone below them by team, beside the directory read.
    const { viewer } = actor;
    const own = [...(filter.inPool !== true && viewer.ownedCount > 0 ? [viewer.id] : []), ...(filter.inPool !== false ? [null] : [])];
    const teams = filter.inPool === true ? {} : { teams: [viewer.id], teamsBelow: byTeam.below };
    return store.page({ ...base, owners: own, ...teams, filter: rest });
  }
  const scope = customerScope(actor.viewer, await actor.team());

  if (scope.all && !filter.ownerId && filter.inPool !== true) {
    return readDirectoryBeside(actor, store.page({ ...base, owners: "ALL", filter: { ...rest, ownedOnly: filter.inPool === false } }));
  }
  const inView: (string | null)[] = scope.all ? [filter.ownerId ?? null] : [...scope.ownerIds, ...(scope.pool ? [null] : [])];
  const owners = inView.filter(
    (o) =>
      (!filter.ownerId || o === filter.ownerId) &&
      (filter.inPool == null || (o === null) === filter.inPool),
  );
  if (!owners.length) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
  return store.page({ ...base, owners, filter: rest });
}
