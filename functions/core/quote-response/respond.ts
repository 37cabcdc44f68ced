import { createHash } from "node:crypto";
import { ConditionFailedError } from "../../store";
import type { Deps } from "../actor";
import { newActivity } from "../activity";
import { NotFoundError } from "../errors";
import { formatLocalTime } from "../format";
import type { QuoteSend } from "../quote-delivery/model";
import { viewHashOf } from "../quote-delivery/send";
import type { Quote } from "../quote/model";
import { Checker } from "../validate";
import { QuoteAcceptedNoChangesError, QuoteAlreadyAcceptedError, QuoteNotAcceptableError } from "./errors";
import type { QuoteAcceptance, QuoteChangeRequest, ResponseClient } from "./model";
import { tellOwner } from "./notify";
import { situationOf } from "./state";

export interface AcceptInput {
  name?: string | null;
  title?: string | null;
  comment?: string | null;
}

export interface ChangesInput {
  comment?: string | null;
}

/** A view link's send: null for a link malformed, unknown or replaced by a later one. */
export async function sendOfLink(deps: Deps, viewId: string): Promise<QuoteSend | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(viewId)) return null;
  return deps.store.quoteSends.byViewHash(viewHashOf(viewId));
}

/** Each conflict means the quote changed meanwhile (an edit, another customer's answer): judge again. */
const ATTEMPTS = 5;

const clientOf = (c: ResponseClient): ResponseClient => ({ ip: c.ip?.slice(0, 64) || null, userAgent: c.userAgent?.slice(0, 512) || null });

/**
 * The customer accepts the revision their link carries: recorded with who, when, IP and user agent,
 * the quote becomes ACCEPTED, and the owner is told. One acceptance per revision: of two people
 * accepting at once one wins and the other is told who did; the same person's repeated POST (a double
 * click, a retry) gets the acceptance already recorded, and the owner one email.
 */
export async function acceptQuote(deps: Deps, send: QuoteSend, input: AcceptInput, client: ResponseClient): Promise<QuoteAcceptance> {
  const c = new Checker();
  const name = c.text("name", input.name, { required: true, max: 50 }) as string;
  const title = c.text("title", input.title, { required: true, max: 50 }) as string;
  const comment = c.text("comment", input.comment, { max: 2000 }) ?? null;
  c.done();
  for (let attempt = 1; ; attempt++) {
    const s = await situationOf(deps, send);
    if (!s) throw new NotFoundError("Quote", send.quoteId);
    if (s.acceptance) {
      const a = s.acceptance;
      if (a.sendId !== send.id || a.name !== name || a.title !== title) throw new QuoteAlreadyAcceptedError(a.name, formatLocalTime(a.acceptedAt, s.org.timeZone));
      await tellOwner(deps, s.quote, { kind: "ACCEPTED", acceptance: a });
      return a;
    }
    if (s.closed) throw new QuoteNotAcceptableError(s.closed.reason, s.closed.validUntil);
    const now = deps.clock.now();
    const acceptance: QuoteAcceptance = { orgId: s.quote.orgId, quoteId: s.quote.id, revision: send.revision, sendId: send.id, name, title, comment, acceptedAt: now.toISOString(), ...clientOf(client) };
    const next: Quote = { ...s.quote, status: "ACCEPTED", updatedAt: now.toISOString(), version: s.quote.version + 1 };
    const activity = newActivity(
      { orgId: s.quote.orgId, subjectType: "QUOTE", subjectId: s.quote.id, kind: "QUOTE_ACCEPTED", actorId: null, revision: send.revision, note: `${name}（${title}）`, reason: comment },
      now,
    );
    const responses = deps.store.quoteResponses;
    try {
      await deps.store.quotes.save(
        [
          deps.store.quotes.quoteWrite(next, s.quote.version),
          responses.acceptanceWrite(acceptance), responses.sendAnsweredWrite(send.quoteId, send.id, acceptance.acceptedAt, true),
          deps.store.quoteSendIndex.outcomeWrite(send.quoteId, "acceptedAt", acceptance.acceptedAt),
          // A deal marked lost while the customer was clicking: judged again, and refused.
          deps.store.opportunities.notLostCheck(s.quote.opportunityId),
        ],
        activity,
      );
    } catch (error) {
      // A condition failed, or other writers kept the items busy (TransactionConflict past its retries): judge again.
      const busy = (error as { name?: string }).name === "TransactionCanceledException";
      if (!(error instanceof ConditionFailedError || busy) || attempt >= ATTEMPTS) throw error;
      continue;
    }
    await tellOwner(deps, next, { kind: "ACCEPTED", acceptance });
    return acceptance;
  }
}

/**
 * The customer asks for changes: kept (several may come), the send marked answered, the owner told;
 * the quote's status stays. Asking is open on an expired quote too (a request for an updated one),
 * not once the revision is accepted, replaced, withdrawn or its deal lost. The same comment posted
 * again through the same link is the same request.
 */
export async function requestQuoteChanges(deps: Deps, send: QuoteSend, input: ChangesInput, client: ResponseClient): Promise<QuoteChangeRequest> {
  const c = new Checker();
  const comment = c.text("comment", input.comment, { required: true, max: 2000 }) as string;
  c.done();
  const s = await situationOf(deps, send);
  if (!s) throw new NotFoundError("Quote", send.quoteId);
  if (s.acceptance) throw new QuoteAcceptedNoChangesError();
  if (s.closed && s.closed.reason !== "EXPIRED") throw new QuoteNotAcceptableError(s.closed.reason, s.closed.validUntil);
  const now = deps.clock.now();
  const id = createHash("sha256").update(`${send.id}\n${send.revision}\n${comment}`).digest("hex").slice(0, 32);
  const request: QuoteChangeRequest = { id, orgId: s.quote.orgId, quoteId: s.quote.id, revision: send.revision, sendId: send.id, comment, requestedAt: now.toISOString(), ...clientOf(client) };
  const activity = newActivity(
    { orgId: s.quote.orgId, subjectType: "QUOTE", subjectId: s.quote.id, kind: "QUOTE_CHANGES_REQUESTED", actorId: null, revision: send.revision, note: send.to.join("、"), reason: comment },
    now,
  );
  const responses = deps.store.quoteResponses;
  let recorded = request;
  try {
    await deps.store.quotes.save([responses.changeRequestWrite(request), responses.sendAnsweredWrite(send.quoteId, send.id, request.requestedAt, false)], activity);
  } catch (error) {
    if (!(error instanceof ConditionFailedError) || !error.failed.includes("changeRequest")) throw error;
    recorded = (await responses.changeRequests(send.quoteId)).find((r) => r.id === id) ?? request;
  }
  await tellOwner(deps, s.quote, { kind: "CHANGES", request: recorded });
  return recorded;
}
