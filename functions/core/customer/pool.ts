import { canActForOwner, canHoldCustomers } from "../access";
import { type Actor, loadUser } from "../actor";
import { newActivity } from "../activity";
import { ForbiddenError, NotFoundError } from "../errors";
import { Checker } from "../validate";
import { customerToChange } from "./access";
import { reapplyOnConflict } from "../reapply";
import { saveCustomer } from "./save";
import { CustomerAlreadyOwnedError, CustomerInPoolError } from "./errors";
import type { Customer } from "./model";
import { releaseAtFor } from "./release";

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
    const taken = { ...current, ownerId: viewer.id, ownedSince: now.toISOString() };
    const next: Customer = { ...taken, releaseAt: releaseAtFor(taken, org), updatedAt: now.toISOString(), version: current.version + 1 };
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

export function toPool(c: Customer, now: Date): Customer {
  return { ...c, ownerId: null, ownedSince: null, releaseAt: null, updatedAt: now.toISOString(), version: c.version + 1 };
}
