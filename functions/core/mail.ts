import type { OutboxEmail } from "../store/outbox";
import type { LabeledWrite } from "../store/transact";
import type { RenderedEmail } from "../mail/templates";
import type { Deps } from "./actor";
import { linkHash, newLinkId } from "./approval/links";
import type { User } from "./user/model";

/** One email to send once: what it is about, and how to render it when it is sent. */
export interface OutgoingEmail {
  /** Kind + subject + period: a second delivery with the same id sends nothing. */
  id: string;
  to: User;
  kind: string;
  about: Partial<Pick<OutboxEmail, "subjectType" | "subjectId" | "requestId" | "stepKey">>;
  /** The text, rendered at send time; `linkId` is the approval link minted for this sending. */
  render: (linkId: string | null) => RenderedEmail;
  /** The email carries an approval link: the writes that make a link with this hash work. */
  link?: (linkHash: string) => LabeledWrite[];
  /** The write that makes an older link of this email open nothing (a resend replaced it). */
  revokeLink?: (linkHash: string) => LabeledWrite;
  /**
   * Who spaces the attempts after SES refuses: "BACKOFF" (the default) waits RETRY_BACKOFF_MS between
   * the caller's re-runs (a sweep every few minutes); "CALLER" sends on every call, for callers that
   * back off on their own (Step Functions' Retry: seconds to minutes, then the sweep's re-drive).
   */
  retries?: "BACKOFF" | "CALLER";
}

/**
 * Waits after each attempt SES refused (a throttle, a daily quota, an outage): 1, 5 and 30 minutes,
 * 2 and 6 hours. The attempt after the last wait is the last: if SES refuses it too, the email is
 * FAILED, sent no more, and shown to the organization's ADMIN (`deliveryProblems`).
 */
export const RETRY_BACKOFF_MS = [1, 5, 30, 120, 360].map((minutes) => minutes * 60_000);
export const MAX_ATTEMPTS = RETRY_BACKOFF_MS.length + 1;

/** A half-sent email (its sender stopped mid-way) is taken over after this long. */
const RESEND_AFTER_MS = 60_000;

/**
 * The email was refused before and its next attempt is not due yet: nothing was sent, nothing is
 * lost. The caller stays due (a due job stays on the schedule) and calls again later.
 */
export class EmailRetryLaterError extends Error {
  constructor(
    readonly emailId: string,
    readonly retryAt: string,
  ) {
    super(`email ${emailId} waits to be retried at ${retryAt}`);
    this.name = "EmailRetryLaterError";
  }
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Sends an email at most once per id: it is recorded in the outbox first, together with whatever must
 * exist with it, so a retried Lambda or a second sweep sends nothing twice. The record holds no text
 * and no link, only the link's hash; the text is rendered here, with the link minted here. One left
 * half-sent by a crash is sent again with a freshly minted link that replaces the first (whose id
 * nobody holds any more).
 *
 * When SES refuses it, the attempt is counted on the record with its error and the time of the next
 * attempt, and the error is thrown: the caller runs again (the next sweep, the task's retry) and
 * sends it then. A call before that time sends nothing and throws EmailRetryLaterError. After
 * MAX_ATTEMPTS the record is FAILED and `deliver` returns: the caller is done (a job completes
 * instead of staying due forever) and the email is on the ADMIN's list of delivery problems.
 */
export async function deliver(deps: Deps, e: OutgoingEmail, withWrites: LabeledWrite[] = []): Promise<void> {
  const now = deps.clock.now().toISOString();
  let linkId = e.link ? newLinkId() : null;
  const record: OutboxEmail = {
    id: e.id,
    orgId: e.to.orgId,
    toUserId: e.to.id,
    to: e.to.email,
    kind: e.kind,
    subjectType: e.about.subjectType ?? null,
    subjectId: e.about.subjectId ?? null,
    requestId: e.about.requestId ?? null,
    stepKey: e.about.stepKey ?? null,
    linkHash: linkId ? linkHash(linkId) : null,
    status: "SENDING",
    createdAt: now,
    sentAt: null,
    messageId: null,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    failedAt: null,
  };
  const existing = await deps.store.outbox.enqueue(record, [...withWrites, ...(e.link && linkId ? e.link(linkHash(linkId)) : [])]);
  if (existing) {
    // Sent already, or FAILED (shown to ADMIN, never sent again): nothing to do.
    if (existing.status !== "SENDING") return;
    // Refused before and not due again yet: the caller comes back later.
    if (existing.nextAttemptAt && now < existing.nextAttemptAt && e.retries !== "CALLER") throw new EmailRetryLaterError(e.id, existing.nextAttemptAt);
    // Being sent by someone else right now: nothing to do. Left half-sent by a sender that stopped a
    // while ago, or released after a refusal: take it over (one taker), with a new link in place of the old.
    const stale = Date.parse(now) - Date.parse(existing.createdAt) > RESEND_AFTER_MS;
    if (!stale) return;
    linkId = e.link ? newLinkId() : null;
    const link =
      e.link && linkId
        ? { hash: linkHash(linkId), writes: [...(existing.linkHash && e.revokeLink ? [e.revokeLink(existing.linkHash)] : []), ...e.link(linkHash(linkId))] }
        : undefined;
    if (!(await deps.store.outbox.reclaim(existing, now, link))) return;
  }
  const email = e.render(linkId);
  let messageId: string;
  try {
    messageId = await deps.mail.send({ from: deps.config.mailFrom, to: e.to.email, subject: email.subject, html: email.html, text: email.text });
  } catch (error) {
    // Not sent (an SES throttle): counted, with when to try next, and the claim released so that
    // attempt takes it at once instead of taking it for one being sent now.
    const attempts = (existing?.attempts ?? 0) + 1;
    const at = deps.clock.now().toISOString();
    const last = attempts >= MAX_ATTEMPTS;
    const wait = e.retries === "CALLER" ? 0 : RETRY_BACKOFF_MS[attempts - 1];
    const nextAttemptAt = last ? null : new Date(Date.parse(at) + wait).toISOString();
    await deps.store.outbox.recordFailure(record, now, { attempts, lastError: describeError(error), nextAttemptAt, at }).catch(() => false);
    if (last) {
      console.error(`email ${e.id} FAILED after ${attempts} attempts:`, describeError(error));
      return;
    }
    throw error;
  }
  await deps.store.outbox.markSent(e.id, messageId, deps.clock.now().toISOString());
}
