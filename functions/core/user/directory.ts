import { type Actor, loadUser } from "../actor";
import { SEARCH_MAX } from "../customer/search";
import { Checker } from "../validate";
import { hasRole, isOrgWide, type User } from "./model";

/**
 * Former staff are personal data kept for the record (PIPL): only the people they reported to,
 * ADMIN and GM see them in the directory. References to them (a customer's owner, an approver)
 * still name them.
 */
async function seesFormer(actor: Actor): Promise<(u: User) => boolean> {
  if (isOrgWide(actor.viewer)) return () => true;
  const team = hasRole(actor.viewer, "MANAGER") ? await actor.team() : new Set<string>();
  return (u) => team.has(u.id);
}

/** A user as the directory shows them to the viewer: null outside the organization, or a former colleague not theirs. */
export async function directoryUser(actor: Actor, id: string): Promise<User | null> {
  const user = await loadUser(actor, id);
  if (!user || user.active) return user;
  return (await seesFormer(actor))(user) ? user : null;
}

export async function listUsers(actor: Actor, filter: { role?: User["roles"][number] | null; active?: boolean | null; search?: string | null }) {
  // The same bounds as the customer and product searches (at most SEARCH_MAX characters, no control characters).
  const c = new Checker({ "filter.search": { zh: "搜索词", en: "search" } });
  const q = c.text("filter.search", filter.search, { max: SEARCH_MAX })?.toLowerCase();
  c.done();
  const former = await seesFormer(actor);
  return (await actor.orgUsers())
    .filter((u) => u.active || former(u))
    .filter((u) => (!filter.role || u.roles.includes(filter.role)) && (filter.active == null || u.active === filter.active))
    .filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.includes(q))
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}
