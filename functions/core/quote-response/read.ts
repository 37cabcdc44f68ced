import type { Actor } from "../actor";
import type { Quote } from "../quote/model";
import type { QuoteAcceptance, QuoteChangeRequest } from "./model";

/**
 * The customer's latest acceptance of the quote (its revision says which; a revision made after it
 * leaves it standing on the revision accepted). The caller has checked the viewer may see the quote.
 */
export async function acceptanceOf(actor: Actor, q: Quote): Promise<QuoteAcceptance | null> {
  return (await actor.deps.store.quoteResponses.acceptances(q.id)).at(-1) ?? null;
}

/** Every change request, oldest first. */
export const changeRequestsOf = (actor: Actor, q: Quote): Promise<QuoteChangeRequest[]> => actor.deps.store.quoteResponses.changeRequests(q.id);
