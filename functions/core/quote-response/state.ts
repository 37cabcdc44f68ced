import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { localDay } from "../local-day";
import type { Organization } from "../organization";
import type { QuoteSend } from "../quote-delivery/model";
import { isWon } from "../pipeline/stages";
import { isApproved, type Quote } from "../quote/model";
import type { ClosedReason, QuoteAcceptance } from "./model";

/** Where the revision a send carried stands for the customer's answer. Times `…Local` are in the organization's time zone. */
export type ResponseState =
  | { kind: "OPEN" }
  | { kind: "ACCEPTED"; acceptedAt: string; name: string; title: string | null; acceptedAtLocal: string }
  | { kind: "CHANGES_REQUESTED"; requestedAt: string; requestedAtLocal: string }
  | { kind: "CLOSED"; reason: ClosedReason; validUntil: string | null };

/** What the customer's answer is judged against, read fresh. */
export interface Situation {
  quote: Quote;
  org: Organization;
  acceptance: QuoteAcceptance | null;
  /** Why the send's revision can no longer be accepted; null while it can. */
  closed: { reason: ClosedReason; validUntil: string | null } | null;
  /** The rep withdrew the send's revision itself (an approved offer taken back), not merely a later one. */
  revisionWithdrawn?: boolean;
}

export async function situationOf(deps: Deps, send: QuoteSend): Promise<Situation | null> {
  const [[quote], acceptance] = await Promise.all([deps.store.quotes.getMany([send.quoteId]), deps.store.quoteResponses.acceptance(send.quoteId, send.revision)]);
  if (!quote) return null;
  const [org, [deal]] = await Promise.all([deps.store.organizations.get(quote.orgId), deps.store.opportunities.getMany([quote.opportunityId])]);
  const validUntil = quote.revision === send.revision ? quote.draft.validUntil : null;
  // Withdrawn as it stands, or withdrawn and then revised (its frozen revision keeps the outcome).
  const revisionWithdrawn =
    quote.revision === send.revision ? quote.status === "WITHDRAWN" : (await deps.store.quotes.getRevision(send.quoteId, send.revision))?.outcome === "WITHDRAWN";
  const reason = ((): ClosedReason | null => {
    if (deal?.stage === "LOST") return "LOST";
    // A signed contract settled the deal: a "yes" to another price would never become a contract.
    if (deal && isWon(deal.stage)) return "WON";
    if (quote.status === "WITHDRAWN" || revisionWithdrawn) return "WITHDRAWN";
    // The rep is preparing (or has sent) another revision: answering this one would agree to figures being replaced.
    if (quote.revision !== send.revision || !isApproved(quote.status)) return "SUPERSEDED";
    // Valid through its last day, in the organization's calendar.
    if (validUntil && validUntil < localDay(deps.clock.now(), org.timeZone)) return "EXPIRED";
    return null;
  })();
  return { quote, org, acceptance, closed: reason ? { reason, validUntil } : null, revisionWithdrawn };
}

/**
 * What the view page offers: the revision accepted (by whom), closed (why), or open, with the time of
 * the customer's latest change request through this link. An acceptance stands even when the quote
 * has moved on since.
 */
export async function responseStateOf(deps: Deps, send: QuoteSend): Promise<ResponseState> {
  const s = await situationOf(deps, send);
  if (!s) return { kind: "CLOSED", reason: "WITHDRAWN", validUntil: null };
  // The rep withdrew this very revision (after the customer accepted it, maybe): the offer no longer stands.
  if (s.closed?.reason === "WITHDRAWN" && s.revisionWithdrawn) return { kind: "CLOSED", ...s.closed };
  if (s.acceptance) {
    const a = s.acceptance;
    return { kind: "ACCEPTED", acceptedAt: a.acceptedAt, name: a.name, title: a.title, acceptedAtLocal: formatLocalTime(a.acceptedAt, s.org.timeZone) };
  }
  if (s.closed) return { kind: "CLOSED", ...s.closed };
  if (send.respondedAt) {
    const mine = (await deps.store.quoteResponses.changeRequests(send.quoteId)).filter((r) => r.sendId === send.id);
    const at = mine.at(-1)?.requestedAt ?? send.respondedAt;
    return { kind: "CHANGES_REQUESTED", requestedAt: at, requestedAtLocal: formatLocalTime(at, s.org.timeZone) };
  }
  return { kind: "OPEN" };
}
