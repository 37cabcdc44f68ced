import { createActor, type Deps } from "../actor";
import type { Quote } from "../quote/model";
import { visibleQuote } from "../quote/quote";
import type { User } from "../user/model";

/**
 * Who hears what the customer does with a quote (first view, page interest, acceptance, change
 * request): the deal's owner now, since the quote's own `ownerId` stays with whoever created it when
 * the deal is reassigned; and the person who sent the email the customer used, when that is someone
 * else, still active and still allowed to see the quote (a manager or colleague who sent it for the
 * owner). Nobody who left, and nobody who lost access to the deal: the customer's answers are not theirs.
 * Each person once, in that order; the email id should name the person (`…#userId`).
 */
export async function quoteAudience(deps: Deps, quote: Quote, sentBy: string | null): Promise<User[]> {
  const [deal] = await deps.store.opportunities.getMany([quote.opportunityId]);
  const ownerId = deal?.ownerId ?? quote.ownerId;
  const ids = sentBy && sentBy !== ownerId ? [ownerId, sentBy] : [ownerId];
  const [owner, sender] = await deps.store.users.getMany(ids);
  const audience: User[] = [];
  if (owner?.active && owner.orgId === quote.orgId) audience.push(owner);
  if (sender?.active && sender.orgId === quote.orgId && (await visibleQuote(createActor(sender, deps), quote.id))) audience.push(sender);
  return audience;
}
