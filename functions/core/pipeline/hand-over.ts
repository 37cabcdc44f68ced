import type { OpportunityChange } from "../../store/opportunities";
import type { LabeledWrite } from "../../store/transact";
import type { Actor } from "../actor";
import { newActivity } from "../activity";
import { ownerFollowWrites } from "../quote/follow-owner";
import type { Opportunity } from "./model";
import { isOpen } from "./stages";
import { totalsDeltas } from "./totals";

export interface DealHandOver {
  change: OpportunityChange;
  /** Its quotes and contracts, rewritten to the new owner (quote/follow-owner.ts). */
  follow: LabeledWrite[];
}

/**
 * The customer's deals that go with it when it changes hands: the old owner's open ones. Won and
 * lost deals keep their owner (the record of who won or lost it); a colleague's deal on the
 * customer stays theirs. Read fresh: the caller writes them only if unchanged since.
 */
export async function dealsToHandOver(actor: Actor, customerIds: string[], fromOwnerId: string): Promise<Map<string, Opportunity[]>> {
  const ids = (await Promise.all(customerIds.map((id) => actor.customerDealIds.load(id)))).flat();
  const deals = ids.length ? await actor.deps.store.opportunities.getMany(ids) : [];
  const byCustomer = new Map<string, Opportunity[]>(customerIds.map((id) => [id, []]));
  for (const o of deals) {
    if (!o || o.orgId !== actor.viewer.orgId || o.ownerId !== fromOwnerId || !isOpen(o.stage)) continue;
    byCustomer.get(o.customerId)?.push(o);
  }
  return byCustomer;
}

/**
 * One deal handed to another owner with its customer: its timeline says so, its pipeline totals move
 * to the new owner, and its quotes and contracts follow as they do for `updateOpportunity(ownerId)`.
 */
export async function handOverDeal(actor: Actor, current: Opportunity, toOwnerId: string, now: Date): Promise<DealHandOver> {
  const org = await actor.org();
  const next: Opportunity = { ...current, ownerId: toOwnerId, updatedAt: now.toISOString(), version: current.version + 1 };
  const activity = newActivity(
    {
      orgId: current.orgId,
      subjectType: "OPPORTUNITY",
      subjectId: current.id,
      kind: "REASSIGNED",
      actorId: actor.viewer.id,
      fromOwnerId: current.ownerId,
      toOwnerId,
    },
    now,
  );
  const change: OpportunityChange = { prev: current, next, activity, totals: totalsDeltas(current, next, [], org.timeZone) };
  return { change, follow: await ownerFollowWrites(actor, current.id, toOwnerId) };
}
