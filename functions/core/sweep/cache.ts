import type { Deps } from "../actor";
import type { Organization } from "../organization";
import type { User } from "../user/model";

type GetMany<T> = (ids: readonly string[]) => Promise<(T | null)[]>;

/** A getMany that reads each id once: later asks for it (by any job of the sweep) share the first read. */
function onceEach<T>(load: GetMany<T>, seen = new Map<string, Promise<T | null>>()): GetMany<T> & { seen: Map<string, Promise<T | null>> } {
  const getMany = async (ids: readonly string[]) => {
    const missing = [...new Set(ids.filter((id) => !seen.has(id)))];
    if (missing.length) {
      const loaded = load(missing);
      missing.forEach((id, i) => seen.set(id, loaded.then((found) => found[i])));
      // A failed read is not remembered: the next job reads again.
      loaded.catch(() => missing.forEach((id) => seen.delete(id)));
    }
    return Promise.all(ids.map((id) => seen.get(id)!));
  };
  return Object.assign(getMany, { seen });
}

/**
 * The deps one sweep's due jobs share: organizations, their people, and the deals, customers and
 * contracts the jobs are about, each read once per sweep rather than once per job (a deal's stalled ladder and its
 * SLA are two jobs; a hundred reminders of one organization would read its directory a hundred
 * times). A sweep takes seconds and every handler judges again what it reads; a change made
 * meanwhile is seen by the next sweep, as it would be had it come a moment later.
 */
export function withSweepCache(deps: Deps): Deps {
  const { store } = deps;
  const orgs = onceEach<Organization>((ids) => Promise.all(ids.map((id) => store.organizations.get(id))));
  const users = onceEach<User>((ids) => store.users.getMany(ids));
  const directories = new Map<string, Promise<User[]>>();
  const listByOrg = (orgId: string) => {
    let hit = directories.get(orgId);
    if (!hit) {
      hit = store.users.listByOrg(orgId).then((all) => {
        for (const u of all) if (!users.seen.has(u.id)) users.seen.set(u.id, Promise.resolve(u));
        return all;
      });
      hit.catch(() => directories.delete(orgId));
      directories.set(orgId, hit);
    }
    return hit;
  };
  return {
    ...deps,
    store: {
      ...store,
      organizations: { ...store.organizations, get: async (id: string) => (await orgs([id]))[0] as Organization },
      users: { ...store.users, getMany: users, listByOrg },
      opportunities: { ...store.opportunities, getMany: onceEach((ids) => store.opportunities.getMany(ids)) },
      customers: { ...store.customers, getMany: onceEach((ids) => store.customers.getMany(ids)) },
      quotes: { ...store.quotes, getContracts: onceEach((ids) => store.quotes.getContracts(ids)) },
    },
  };
}
