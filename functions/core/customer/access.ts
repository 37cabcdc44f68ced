import { canEditCustomer, canSeeCustomer, customerScope } from "../access";
import type { Actor } from "../actor";
import { ForbiddenError, NotFoundError } from "../errors";
import type { Customer } from "./model";

/** A customer the actor may see, or null: one that exists but is not theirs looks absent. */
export async function visibleCustomer(actor: Actor, id: string): Promise<Customer | null> {
  // The team (managers only) is read beside the customer, not after it.
  const [c, team] = await Promise.all([actor.customers.load(id), actor.team()]);
  if (!c || c.orgId !== actor.viewer.orgId) return null;
  return canSeeCustomer(customerScope(actor.viewer, team), c) ? c : null;
}

/** The stored customer, read fresh (not from the request's cache) because the caller will write it. */
export async function customerToChange(actor: Actor, id: string, need: "see" | "edit"): Promise<Customer> {
  actor.customers.clear(id);
  const c = await visibleCustomer(actor, id);
  if (!c) throw new NotFoundError("Customer", id);
  if (need === "edit" && !canEditCustomer(actor.viewer, c, await actor.team())) throw new ForbiddenError();
  return c;
}

export async function canEdit(actor: Actor, c: Customer): Promise<boolean> {
  return canEditCustomer(actor.viewer, c, await actor.team());
}
