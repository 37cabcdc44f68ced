import { type Actor, loadUser } from "../actor";
import type { User } from "../user";

/** The people named in the rows (owners), as the API shows them (`loadUser`), read by id 100 at a time. */
export async function peopleById(actor: Actor, ids: (string | null | undefined)[]): Promise<Map<string, User>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  const people = await Promise.all(unique.map((id) => loadUser(actor, id)));
  return new Map(people.flatMap((u) => (u ? [[u.id, u] as const] : [])));
}
