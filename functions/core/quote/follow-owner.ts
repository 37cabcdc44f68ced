import type { LabeledWrite } from "../../store/transact";
import type { Actor } from "../actor";

/**
 * A deal handed to another owner takes its quotes and contracts along, in the deal's transaction:
 * they are seen through the deal, and the quote and contract lists read them by owner, so the new
 * owner (and their manager) find them there and the old one no longer does. Each is written only if
 * unchanged since read (a racing edit makes the handover a VersionConflictError, to be retried).
 */
export async function ownerFollowWrites(actor: Actor, opportunityId: string, ownerId: string): Promise<LabeledWrite[]> {
  const { quotes } = actor.deps.store;
  const [qs, cs] = await Promise.all([quotes.forOpportunity(opportunityId), quotes.contractsForOpportunity(opportunityId)]);
  const updatedAt = actor.deps.clock.now().toISOString();
  return [
    ...qs.filter((q) => q.ownerId !== ownerId).map((q) => quotes.quoteWrite({ ...q, ownerId, updatedAt, version: q.version + 1 }, q.version)),
    ...cs.filter((c) => c.ownerId !== ownerId).map((c) => quotes.contractWrite({ ...c, ownerId, updatedAt, version: c.version + 1 }, c.version)),
  ];
}
