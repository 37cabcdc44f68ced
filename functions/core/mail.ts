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
}

/**
 * Sends an email at most once per id: it is recorded in the outbox first, together with whatever must
 * exist with it, so a retried Lambda or a second sweep sends nothing twice. The record holds no text
 * and no link, only the link's hash; the text is rendered here, with the link minted here. One left
 * half-sent by a crash is sent again with a freshly minted link that replaces the first (whose id
 * nobody holds any more).
 */
const RESEND_AFTER_MS = 60_000;

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
  };
  const existing = await deps.store.outbox.enqueue(record, [...withWrites, ...(e.link && linkId ? e.link(linkHash(linkId)) : [])]);
  if (existing) {
    // Sent already, or being sent by someone else right now: nothing to do. Left half-sent by a
    // sender that stopped a while ago: take it over (one taker), with a new link in place of the old.
    const stale = Date.parse(now) - Date.parse(existing.createdAt) > RESEND_AFTER_MS;
    if (existing.status === "SENT" || !stale) return;
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
    // Not sent (an SES throttle): the next attempt (the task's retry, a re-driven workflow) sends it
    // at once instead of taking it for one being sent now, which would leave the approver unasked.
    await deps.store.outbox.reclaim({ ...(existing ?? record), createdAt: now }, new Date(0).toISOString()).catch(() => false);
    throw error;
  }
  await deps.store.outbox.markSent(e.id, messageId, deps.clock.now().toISOString());
}
