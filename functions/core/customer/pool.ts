import { canActForOwner, canHoldCustomers } from "../access";
import { type Actor, loadUser } from "../actor";
import { newActivity } from "../activity";
import { ForbiddenError, NotFoundError } from "../errors";
import { Checker } from "../validate";
import { customerToChange } from "./access";
import { reapplyOnConflict } from "../reapply";
import { saveCustomer } from "./save";
import { CustomerAlreadyOwnedError, CustomerInPoolError, ReclaimCooldownError } from "./errors";
import { addDays, localDay, startOfLocalDay } from "../local-day";
import type { Organization } from "../organization";
import type { Customer } from "./model";

/**
 * Takes a customer from the pool. Two reps racing: the store's version check lets one win; the
 * other re-reads and is told who holds it. Claiming what one already holds succeeds (a retried request).
 */
export async function claimCustomer(actor: Actor, id: string): Promise<Customer> {
  const { viewer, deps } = actor;
  if (!canHoldCustomers(viewer)) throw new ForbiddenError();
  return reapplyOnConflict(async () => {
    // Read past the visibility rule: the claimer saw it in the pool, so who took it is no secret.
    actor.customers.clear(id);
    const current = await actor.customers.load(id);
    if (!current || current.orgId !== viewer.orgId) throw new NotFoundError("Customer", id);
    if (current.ownerId === viewer.id) return current;
    if (current.ownerId) {
      const owner = await loadUser(actor, current.ownerId);
      throw new CustomerAlreadyOwnedError(owner?.name ?? current.ownerId);
    }
    const org = await actor.org();
    const now = deps.clock.now();
    refuseEarlyReclaim(current, viewer.id, org, now);
    const at = now.toISOString();
    const next: Customer = { ...current, ownerId: viewer.id, ownedSince: at, updatedAt: at, version: current.version + 1 };
    const activity = newActivity(
      { orgId: current.orgId, subjectType: "CUSTOMER", subjectId: id, kind: "CLAIMED", actorId: viewer.id, toOwnerId: viewer.id },
      now,
    );
    return saveCustomer(actor, { prev: current, next, activity }, { ownerLimit: org.maxCustomersPerOwner });
  });
}

/** Hands a customer back to the pool, with the reason on the timeline. */
export async function releaseCustomer(actor: Actor, id: string, reasonInput: string): Promise<Customer> {
  const c = new Checker();
  const reason = c.text("reason", reasonInput, { required: true, max: 500 }) as string;
  c.done();
  const current = await customerToChange(actor, id, "see");
  if (!current.ownerId) throw new CustomerInPoolError();
  if (!canActForOwner(actor.viewer, current.ownerId, await actor.team())) throw new ForbiddenError();
  const now = actor.deps.clock.now();
  const next = toPool(current, now);
  const activity = newActivity(
    {
      orgId: current.orgId,
      subjectType: "CUSTOMER",
      subjectId: id,
      kind: "RELEASED",
      actorId: actor.viewer.id,
      reason,
      fromOwnerId: current.ownerId,
    },
    now,
  );
  return saveCustomer(actor, { prev: current, next, activity });
}

/**
 * Back to the pool. The holder who gave it up is remembered (whoever pressed release: a manager
 * releasing for a rep still ends that rep's hold), so they cannot claim it straight back.
 */
export function toPool(c: Customer, now: Date): Customer {
  const at = now.toISOString();
  const recentReleases = [...releasesOf(c).filter((r) => Date.parse(r.at) > now.getTime() - KEEP_RELEASES_MS), ...(c.ownerId ? [{ userId: c.ownerId, at }] : [])].slice(-20);
  return { ...c, ownerId: null, ownedSince: null, releasedBy: c.ownerId, releasedAt: at, recentReleases, updatedAt: at, version: c.version + 1 };
}

/** Longer than any cool-down an organization sets (the setting's maximum). */
const KEEP_RELEASES_MS = 400 * 86_400_000;

/** Items written before the list existed carry only the last release. */
const releasesOf = (c: Customer) => c.recentReleases ?? (c.releasedBy && c.releasedAt ? [{ userId: c.releasedBy, at: c.releasedAt }] : []);

/** The one who last gave it up waits `reclaimCooldownDays` whole local days from the day they did. */
function refuseEarlyReclaim(c: Customer, claimerId: string, org: Organization, now: Date): void {
  const days = org.reclaimCooldownDays;
  const mine = releasesOf(c).filter((r) => r.userId === claimerId).at(-1);
  if (!days || !mine) return;
  const releasedOn = localDay(new Date(mine.at), org.timeZone);
  const claimableOn = addDays(releasedOn, days);
  if (localDay(now, org.timeZone) >= claimableOn) return;
  throw new ReclaimCooldownError(releasedOn, claimableOn, startOfLocalDay(claimableOn, org.timeZone).toISOString());
}
