import { customerScope } from "../access";
import type { Actor } from "../actor";
import { hasRole, reportsOf, type User } from "../user/model";

/**
 * How a manager's customer and deal lists read by team: besides their own partition (and the
 * pool), the byTeam partition of their direct reports, read at once, and one per manager below
 * them (`below`), which join as soon as the directory says who they are. A team of 3 or of 12 costs
 * the same reads; only managers of managers add one each. Null when the viewer is no manager or
 * their organization's older items have no team key yet (the sweep gives it once): the lists then
 * read one partition per person, as before.
 */
export interface TeamView {
  /** Managers below the viewer (at any depth) who have reports of their own. */
  below: Promise<string[]>;
}

export async function teamView(actor: Actor): Promise<TeamView | null> {
  const { viewer } = actor;
  if (!hasRole(viewer, "MANAGER") || customerScope(viewer, new Set()).all) return null;
  if (!(await actor.deps.store.teamKeys.filed(viewer.orgId))) return null;
  const below = actor.orgUsers().then((users) => {
    // The directory is in hand: the owners shown on the page cost no further read.
    primeUsers(actor, users);
    const team = reportsOf(viewer.id, users);
    return [...new Set(users.filter((u) => u.managerId && team.has(u.managerId)).map((u) => u.managerId as string))];
  });
  below.catch(() => undefined); // the page awaits it; a list refused before reading must not leave it unhandled
  return { below };
}

const primeUsers = (actor: Actor, users: User[]) => {
  for (const u of users) actor.users.prime(u.id, u);
};

/**
 * For org-wide lists: the directory, read beside the page rather than the page's owners after it,
 * so showing them adds no round trip (one Query of the organization's people, however many owners
 * the page shows; for directories of thousands a BatchGet of the owners would read less).
 */
export async function readDirectoryBeside<T>(actor: Actor, page: Promise<T>): Promise<T> {
  const [out, users] = await Promise.all([page, actor.orgUsers()]);
  primeUsers(actor, users);
  return out;
}
