import type { Page } from "../store";
import type { OutboxEmail } from "../store/outbox";
import type { Actor, Deps } from "./actor";
import type { SesEventMessage } from "./quote-delivery/events";
import { ForbiddenError } from "./errors";
import { hasRole } from "./user/model";

/**
 * ADMIN: the organization's emails SES refused on every attempt (FAILED), or took and then saw
 * bounced for good or complained of (BOUNCED, COMPLAINED), newest first, with what
 * they were about, to whom, how often they were tried and the last error, so nothing is lost
 * without a word. Read from their own index (by organization and failure time), never a scan.
 */
export async function deliveryProblems(actor: Actor, page: { first: number; after: string | null }): Promise<Page<OutboxEmail>> {
  if (!hasRole(actor.viewer, "ADMIN")) throw new ForbiddenError();
  return actor.deps.store.outbox.problems(actor.viewer.orgId, page);
}

/**
 * SES's report on one of our emails to staff (a digest, a reminder, an approval request): a
 * permanent bounce (the address no longer exists) or a complaint puts it on the delivery problems,
 * so an ADMIN sees that a person no longer gets their reminders. A transient bounce (a full mailbox)
 * or a delivery changes nothing. Returns the email when it was one of ours.
 */
export async function applySesEventToStaffEmail(deps: Deps, m: SesEventMessage): Promise<OutboxEmail | null> {
  const type = m.eventType ?? m.notificationType;
  const messageId = m.mail?.messageId;
  if (!messageId || (type !== "Bounce" && type !== "Complaint")) return null;
  const email = await deps.store.outbox.bySesMessageId(messageId);
  if (!email) return null;
  const now = deps.clock.now().toISOString();
  if (type === "Bounce" && m.bounce?.bounceType === "Permanent") {
    const to = (m.bounce.bouncedRecipients ?? []).map((r) => r.emailAddress).join(", ") || email.to;
    await deps.store.outbox.recordSesProblem(email, { status: "BOUNCED", detail: `Bounce (Permanent): ${to}`, at: m.bounce.timestamp ?? now });
  } else if (type === "Complaint") {
    await deps.store.outbox.recordSesProblem(email, { status: "COMPLAINED", detail: `Complaint: ${email.to}`, at: m.complaint?.timestamp ?? now });
  }
  return email;
}
