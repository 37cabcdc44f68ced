import type { Deps } from "../actor";
import type { User } from "../user/model";

/**
 * A person's manager changed: their customers and deals move to the new manager's team in this
 * request, so both managers' lists are right at once (a person holds at most the organization's
 * customer limit and their own deals: tens to a few hundred writes). Should that fail half way, the
 * organization's lists go back to reading one partition per person until the next sweep files it
 * again: never a list that misses someone's customers.
 */
export async function refileAfterManagerChange(deps: Deps, user: User): Promise<void> {
  try {
    await deps.store.teamKeys.refileOwner(user.orgId, user.id, user.managerId ?? null);
  } catch (error) {
    console.error(JSON.stringify({ msg: "team keys not refiled; lists fall back until the sweep", userId: user.id, error: String(error) }));
    await deps.store.teamKeys.unmark(user.orgId);
  }
}

/**
 * Each sweep, for organizations without the marker (once after this came in, or after a failed
 * refile): every person's customers and deals get their team key, then the marker lets the lists
 * read by team. Returns how many items were filed.
 */
export async function ensureTeamKeysFiled(deps: Deps): Promise<number> {
  let written = 0;
  for (const orgId of await deps.store.pipelineTotals.organizations()) {
    if (await deps.store.teamKeys.filed(orgId)) continue;
    const startedAt = deps.clock.now().toISOString();
    for (const { id } of await deps.store.users.listByOrg(orgId)) {
      // Read again right before: a manager changed meanwhile refiles this person itself.
      const [u] = await deps.store.users.getMany([id]);
      if (u) written += await deps.store.teamKeys.refileOwner(orgId, u.id, u.managerId ?? null);
    }
    await deps.store.teamKeys.markFiled(orgId, startedAt);
  }
  return written;
}
