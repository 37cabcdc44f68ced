import type { Actor } from "../actor";
import { visibleOpportunity } from "../pipeline/access";
import type { Contract } from "./model";

/** Reads for showing contracts inside other lists, through the request's loaders (see quote/nested.ts). */

/** A contract the viewer may see (one on a deal they may see), from the request's cache. */
export async function contractInView(actor: Actor, id: string): Promise<Contract | null> {
  const c = await actor.contracts.load(id);
  if (!c || c.orgId !== actor.viewer.orgId) return null;
  return (await visibleOpportunity(actor, c.opportunityId)) ? c : null;
}

/** A deal's contracts, oldest first (as the deal's partition lists them). */
export async function contractsOf(actor: Actor, opportunityId: string): Promise<Contract[]> {
  if (!(await visibleOpportunity(actor, opportunityId))) return [];
  const { contractIds } = await actor.dealChildren.load(opportunityId);
  const contracts = await actor.contracts.loadMany(contractIds);
  return contracts
    .filter((c): c is Contract => !!c && !(c instanceof Error) && c.opportunityId === opportunityId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** The contract's approval requests with their steps, oldest first. */
export const contractApprovals = (actor: Actor, c: Contract) =>
  actor.approvalHistory.load({ type: "CONTRACT", id: c.id, requestIds: c.approvalRequestIds ?? null });
