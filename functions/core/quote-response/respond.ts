import { createHash } from "node:crypto";
import { ConditionFailedError } from "../../store";
import type { Deps } from "../actor";
import { newActivity } from "../activity";
import { NotFoundError } from "../errors";
import { formatLocalTime } from "../format";
import type { QuoteSend } from "../quote-delivery/model";
import type { Quote } from "../quote/model";
import { Checker } from "../validate";
import { QuoteAcceptedNoChangesError, QuoteAlreadyAcceptedError, QuoteNotAcceptableError } from "./errors";
import { CHANGE_REQUESTS_PER_DAY, recentThroughSend, TooManyChangeRequestsError } from "./change-limit";
import type { ClosedReason, QuoteAcceptance, QuoteChangeRequest, ResponseClient } from "./model";
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
          // Whoever accepted through the page read it: the first-send marker counts it as viewed too.
          deps.store.quoteSendIndex.acceptanceWithViewWrite(send.quoteId, acceptance.acceptedAt),
          // A deal lost or won (another contract signed) while the customer was clicking: judged again, and refused.
          deps.store.opportunities.stillOpenCheck(s.quote.opportunityId),
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
 * The customer asks for changes: kept (several may come, each with the revision its link carries),
 * the send marked answered, the owner told; the quote's status stays. Asking stays open when the
 * revision can no longer be accepted because it expired or the rep is revising it (the customer
 * must always be able to say something), not once it is accepted, withdrawn or its deal closed.
 * The same comment posted again through the same link is the same request. A link takes
 * CHANGE_REQUESTS_PER_DAY requests a day; the send's counter orders racing requests.
 */
export async function requestQuoteChanges(deps: Deps, send: QuoteSend, input: ChangesInput, client: ResponseClient): Promise<QuoteChangeRequest> {
  const c = new Checker();
  const comment = c.text("comment", input.comment, { required: true, max: 2000 }) as string;
  c.done();
  const id = createHash("sha256").update(`${send.id}\n${send.revision}\n${comment}`).digest("hex").slice(0, 32);
  const responses = deps.store.quoteResponses;
  for (let attempt = 1; ; attempt++) {
    const s = await situationOf(deps, send);
    if (!s) throw new NotFoundError("Quote", send.quoteId);
    if (s.acceptance) throw new QuoteAcceptedNoChangesError();
    if (s.closed && !ASKING_STAYS_OPEN.includes(s.closed.reason)) throw new QuoteNotAcceptableError(s.closed.reason, s.closed.validUntil);
    // The counter first: a request recorded after this read fails the write below, so none slips past the count.
    const counted = await responses.changeRequestsCounted(send.quoteId, send.id);
    const requests = await responses.changeRequests(send.quoteId);
    const same = requests.find((r) => r.id === id);
    if (same) {
      await tellOwner(deps, s.quote, { kind: "CHANGES", request: same });
      return same;
    }
    const now = deps.clock.now();
    if (recentThroughSend(requests, send.id, now).length >= CHANGE_REQUESTS_PER_DAY) {
      const [owner] = await deps.store.users.getMany([s.quote.ownerId]);
      throw new TooManyChangeRequestsError(owner ? { name: owner.name, phone: owner.phone, email: owner.email } : null);
    }
    const request: QuoteChangeRequest = { id, orgId: s.quote.orgId, quoteId: s.quote.id, revision: send.revision, sendId: send.id, comment, requestedAt: now.toISOString(), ...clientOf(client) };
    const activity = newActivity(
      { orgId: s.quote.orgId, subjectType: "QUOTE", subjectId: s.quote.id, kind: "QUOTE_CHANGES_REQUESTED", actorId: null, revision: send.revision, note: send.to.join("、"), reason: comment },
      now,
    );
    try {
      await deps.store.quotes.save(
        [
          responses.changeRequestWrite(request),
          responses.changeRequestIdWrite(request),
          responses.sendAnsweredWrite(send.quoteId, send.id, request.requestedAt, false, counted),
          // Whoever asked read the quote: the first-send marker counts it as viewed.
          deps.store.quoteSendIndex.outcomeWrite(send.quoteId, "firstHumanViewAt", request.requestedAt),
        ],
        activity,
      );
    } catch (error) {
      // Another request through this link (or this one, posted twice at once) came first: judge again.
      const busy = (error as { name?: string }).name === "TransactionCanceledException";
      if (!(error instanceof ConditionFailedError || busy) || attempt >= CHANGE_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 50));
      continue;
    }
    await tellOwner(deps, s.quote, { kind: "CHANGES", request });
    return request;
  }
}

/** Why a revision may not be accepted but may still be asked about. */
const ASKING_STAYS_OPEN: readonly ClosedReason[] = ["EXPIRED", "SUPERSEDED"];

/** Each lost race means another request was recorded; past the day's limit every one is refused without writing. */
const CHANGE_ATTEMPTS = CHANGE_REQUESTS_PER_DAY + ATTEMPTS;
