import { canActForOwner, customerScope } from "../access";
import type { Actor } from "../actor";
import { ForbiddenError, NotFoundError } from "../errors";
import type { Opportunity } from "./model";

/** Deals follow the customers' rule: reps their own, managers their team's, ADMIN/GM and support roles all. */
export async function opportunityOwnersInView(actor: Actor): Promise<Set<string> | "ALL"> {
  const scope = customerScope(actor.viewer, await actor.team());
  return scope.all ? "ALL" : scope.ownerIds;
}

export async function visibleOpportunity(actor: Actor, id: string): Promise<Opportunity | null> {
  const o = await actor.opportunities.load(id);
  if (!o || o.orgId !== actor.viewer.orgId) return null;
  const owners = await opportunityOwnersInView(actor);
  return owners === "ALL" || owners.has(o.ownerId) ? o : null;
}

/** The stored deal, read fresh because the caller will write it; editing is for whoever acts for its owner. */
export async function opportunityToChange(actor: Actor, id: string): Promise<Opportunity> {
  actor.opportunities.clear(id);
  const o = await visibleOpportunity(actor, id);
  if (!o) throw new NotFoundError("Opportunity", id);
  if (!canActForOwner(actor.viewer, o.ownerId, await actor.team())) throw new ForbiddenError();
  return o;
}
