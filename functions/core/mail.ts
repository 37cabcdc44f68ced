import type { LabeledWrite } from "../store/transact";
import type { RenderedEmail } from "../mail/templates";
import type { Deps } from "./actor";
import type { User } from "./user/model";

/**
 * Sends an email at most once per id (kind + subject + period): it is recorded in the outbox first,
 * together with whatever must exist with it, so a retried Lambda or a second sweep sends nothing
 * twice. One left half-sent by a crash is sent again from what was recorded.
 */
const RESEND_AFTER_MS = 60_000;

export async function deliver(deps: Deps, id: string, to: User, email: RenderedEmail, withWrites: LabeledWrite[] = []): Promise<void> {
  const now = deps.clock.now().toISOString();
  const record = {
    id,
    orgId: to.orgId,
    toUserId: to.id,
    to: to.email,
    ...email,
    status: "SENDING" as const,
    createdAt: now,
    sentAt: null,
    messageId: null,
  };
  const existing = await deps.store.outbox.enqueue(record, withWrites);
  if (existing) {
    // Sent already, or being sent by someone else right now: nothing to do. Left half-sent by a
    // sender that stopped a while ago: take it over (one taker) and send what was recorded.
    const stale = Date.parse(now) - Date.parse(existing.createdAt) > RESEND_AFTER_MS;
    if (existing.status === "SENT" || !stale || !(await deps.store.outbox.reclaim(existing, now))) return;
  }
  const content = existing ?? record;
  const messageId = await deps.mail.send({ from: deps.config.mailFrom, to: content.to, subject: content.subject, html: content.html, text: content.text });
  await deps.store.outbox.markSent(id, messageId, deps.clock.now().toISOString());
}
