import type { Actor } from "../actor";
import { visibleOpportunity } from "../pipeline/access";
import type { Quote, QuoteRevision } from "./model";

/**
 * Reads for showing quotes inside other lists (a deal's quotes, a contract's quote, a page of quotes
 * with their revisions and approvals): through the request's loaders, so a page of 60 deals costs
 * the same few BatchGetItem calls as a page of 5. Writes read fresh (`visibleQuote`, `quoteToChange`).
 */

/** A quote the viewer may see (one on a deal they may see), from the request's cache. */
export async function quoteInView(actor: Actor, id: string): Promise<Quote | null> {
  const q = await actor.quotes.load(id);
  if (!q || q.orgId !== actor.viewer.orgId) return null;
  return (await visibleOpportunity(actor, q.opportunityId)) ? q : null;
}

/** A deal's quotes, newest first. */
export async function quotesOf(actor: Actor, opportunityId: string): Promise<Quote[]> {
  if (!(await visibleOpportunity(actor, opportunityId))) return [];
  const { quoteIds } = await actor.dealChildren.load(opportunityId);
  const quotes = await actor.quotes.loadMany(quoteIds);
  return quotes.filter((q): q is Quote => !!q && !(q instanceof Error) && q.opportunityId === opportunityId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Every submitted revision, oldest first. */
export const revisionsOf = (actor: Actor, q: Quote): Promise<QuoteRevision[]> => actor.revisions.load(q);

/** The quote's approval requests with their steps, oldest first: one per submitted revision that needed one. */
export async function quoteApprovals(actor: Actor, q: Quote) {
  const ids = (await revisionsOf(actor, q)).map((r) => r.approvalRequestId);
  const requestIds = [...new Set([...ids, q.approvalRequestId].filter((id): id is string => !!id))];
  return actor.approvalHistory.load({ type: "QUOTE", id: q.id, requestIds });
}
