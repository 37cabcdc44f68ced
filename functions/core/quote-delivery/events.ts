import { quoteBounceEmail } from "../../mail/quote-bounce";
import type { Deps } from "../actor";
import { deliver } from "../mail";
import type { QuoteSend } from "./model";

/** An SES event record as SES publishes it to SNS (the fields read here; the rest is ignored). */
export interface SesEventMessage {
  /** Through a configuration set; `notificationType` in identity notifications. */
  eventType?: string;
  notificationType?: string;
  mail?: { messageId?: string };
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress: string }[]; timestamp?: string };
  complaint?: { complainedRecipients?: { emailAddress: string }[]; timestamp?: string };
  delivery?: { timestamp?: string };
}

/**
 * Moves a quote send on as SES reports it: DELIVERED, or BOUNCED / COMPLAINED with the addresses.
 * A permanent bounce or a complaint tells the rep who sent it, once; a transient bounce (a full
 * mailbox) is recorded only. Events of other emails, other types or repeated ones change nothing.
 */
export async function applySesEvent(deps: Deps, m: SesEventMessage): Promise<QuoteSend | null> {
  const type = m.eventType ?? m.notificationType;
  const messageId = m.mail?.messageId;
  if (!messageId || (type !== "Delivery" && type !== "Bounce" && type !== "Complaint")) return null;
  const send = await deps.store.quoteSends.bySesMessageId(messageId);
  if (!send) return null;
  const now = deps.clock.now().toISOString();
  if (type === "Delivery") {
    await deps.store.quoteSends.recordSesOutcome(send, { status: "DELIVERED", eventAt: m.delivery?.timestamp ?? now });
  } else if (type === "Bounce") {
    const recipients = (m.bounce?.bouncedRecipients ?? []).map((r) => r.emailAddress.toLowerCase());
    await deps.store.quoteSends.recordSesOutcome(send, { status: "BOUNCED", eventAt: m.bounce?.timestamp ?? now, bounceType: m.bounce?.bounceType ?? null, recipients });
  } else {
    const recipients = (m.complaint?.complainedRecipients ?? []).map((r) => r.emailAddress.toLowerCase());
    await deps.store.quoteSends.recordSesOutcome(send, { status: "COMPLAINED", eventAt: m.complaint?.timestamp ?? now, recipients });
  }
  const after = (await deps.store.quoteSends.get(send.quoteId, send.id)) ?? send;
  // Told whenever the send stands bounced or complained, not only on the change: a Lambda that
  // stopped between the two tells on SNS's retry; `deliver` sends once per id.
  const tell = (after.status === "BOUNCED" && after.bounceType === "Permanent") || after.status === "COMPLAINED";
  if (tell) await tellSender(deps, after);
  return after;
}

async function tellSender(deps: Deps, send: QuoteSend): Promise<void> {
  const [[sender], [quote]] = await Promise.all([deps.store.users.getMany([send.sentBy]), deps.store.quotes.getMany([send.quoteId])]);
  if (!sender || !quote) return;
  const recipients = send.bouncedRecipients?.length ? send.bouncedRecipients : send.to;
  await deliver(deps, {
    id: `QUOTE_BOUNCE#${send.id}`,
    to: sender,
    kind: "QUOTE_BOUNCE",
    about: { subjectType: "QUOTE", subjectId: send.quoteId },
    render: () => quoteBounceEmail({ locale: sender.locale, number: quote.number, recipients, kind: send.status === "COMPLAINED" ? "COMPLAINT" : "BOUNCE" }),
  });
}
