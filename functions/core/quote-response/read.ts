import type { Actor } from "../actor";
import type { Quote } from "../quote/model";
import type { QuoteAcceptance, QuoteChangeRequest } from "./model";

/**
 * The customer's latest acceptance of the quote (its revision says which; a revision made after it
 * leaves it standing on the revision accepted). The caller has checked the viewer may see the quote.
 */
export async function acceptanceOf(actor: Actor, q: Quote): Promise<QuoteAcceptance | null> {
  return actor.quoteAcceptance.load(q);
}

/** Every change request, oldest first (for a page of quotes at once: core/quote-children-loaders.ts). */
export const changeRequestsOf = (actor: Actor, q: Quote): Promise<QuoteChangeRequest[]> => actor.quoteChangeRequests.load(q.id);
