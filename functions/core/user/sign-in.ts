import type { Deps } from "../actor";
import type { Organization } from "../organization";
import { UnknownUserError } from "./errors";
import type { User } from "./model";

export interface SignedIn {
  viewer: User;
  /** The organization's settings, read with the viewer when their organization was known (nearly every request needs them). */
  org: Organization | null;
}

/**
 * Whose organization each user is, remembered by this process: a user never changes organization,
 * so after their first request the sign-in reads them and their organization's settings in one
 * BatchGet instead of a GetItem now and a GetItem of the settings beside the request's own reads.
 */
const orgOfUser = new Map<string, string>();
const MAX_REMEMBERED = 10_000;

/** The user a verified token names: its subject is the user id. */
export async function authenticate(deps: Deps, userId: string): Promise<SignedIn> {
  const orgId = orgOfUser.get(userId);
  const read = orgId ? await deps.store.users.getWithOrg(userId, orgId) : { user: await deps.store.users.get(userId), org: null };
  const { user } = read;
  if (!user || !user.active) throw new UnknownUserError();
  if (!orgId) {
    if (orgOfUser.size >= MAX_REMEMBERED) orgOfUser.clear();
    orgOfUser.set(userId, user.orgId);
  }
  // Another table's user of the same id (tests, one process) must not get this organization.
  return { viewer: user, org: read.org?.id === user.orgId ? read.org : null };
}
