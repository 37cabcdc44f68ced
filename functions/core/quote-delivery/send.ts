import { createHash, randomBytes } from "node:crypto";
import type { Actor, Deps } from "../actor";
import type { Customer } from "../customer/model";
import { NotFoundError } from "../errors";
import { isApproved, type Quote } from "../quote/model";
import { quoteToChange } from "../quote/quote";
import { Checker } from "../validate";
import { OpportunityLostError } from "../pipeline/errors";
import { isWon } from "../pipeline/stages";
import { ValidationError } from "../errors";
import { localDay } from "../local-day";
import { monthOf } from "../period";
import { addressedContact, quoteDocument, sendLocaleOf } from "./document";
import { checkedKeyHash } from "../idempotency/key";
import { IdempotencyKeyReusedError, QuoteDealWonError, QuoteNotSendableError } from "./errors";
import type { QuoteSend } from "./model";
import { addresses, refuseStaffRecipients, sameRequest } from "./recipients";

export interface SendQuoteInput {
  quoteId: string;
  to: string[];
  cc?: string[] | null;
  message?: string | null;
  idempotencyKey: string;
}

/** A sender that stopped (a Lambda timed out) for this long leaves the email to the next retry. */
const RESEND_AFTER_MS = 60_000;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
export const viewHashOf = (viewId: string) => sha256(Buffer.from(viewId));
/** A view link's id as minted below: 32 random bytes, base64url. */
export const isViewId = (viewId: string) => /^[A-Za-z0-9_-]{43}$/.test(viewId);

/** The send a view link opens: null for a link malformed, unknown or replaced by a later attempt's. */
export async function sendOfLink(deps: Deps, viewId: string): Promise<QuoteSend | null> {
  return isViewId(viewId) ? deps.store.quoteSends.byViewHash(viewHashOf(viewId)) : null;
}

/**
 * Sends the quote's approved revision to the customer, with its PDF attached, once per idempotency
 * key: the send is recorded (SENDING) before the email goes out, and a retried request or Lambda
 * finds it and sends nothing twice. The PDF is archived first, so every recorded send has its bytes.
 */
export async function sendQuote(actor: Actor, input: SendQuoteInput): Promise<QuoteSend> {
  const { deps } = actor;
  const c = new Checker();
  const to = addresses(c, "to", input.to, true);
  const request = { to: to.unique, cc: addresses(c, "cc", input.cc ?? [], false, to.unique).unique, message: c.text("message", input.message, { max: 2000 }) ?? null };
  const idempotencyKey = c.text("idempotencyKey", input.idempotencyKey, { required: true, max: 100 });
  c.done();
  // Its own key mechanism (the send item, recorded before the email goes out), with the shared key rules.
  checkedKeyHash(idempotencyKey as string);
  await refuseStaffRecipients(deps, actor.viewer.orgId, to.checked);
  const q = await quoteToChange(actor, input.quoteId);
  const id = sha256(Buffer.from(`${q.id}\n${idempotencyKey}`)).slice(0, 32);
  const existing = await deps.store.quoteSends.get(q.id, id);
  if (existing) return retried(actor, existing, request, q);

  // An accepted quote goes out again too (to another recipient), as the revision the customer accepted.
  if (!isApproved(q.status)) throw new QuoteNotSendableError(q.status);
  const [deal] = await deps.store.opportunities.getMany([q.opportunityId]);
  if (deal?.stage === "LOST") throw new OpportunityLostError();
  // A signed contract settled the deal: another offer now could be accepted but never contracted.
  if (deal && isWon(deal.stage)) {
    const [won] = deal.wonContractId ? await deps.store.quotes.getContracts([deal.wonContractId]) : [null];
    throw new QuoteDealWonError(won?.number ?? null);
  }
  const revision = await deps.store.quotes.getRevision(q.id, q.revision);
  if (!revision || revision.outcome !== "APPROVED") throw new QuoteNotSendableError(revision?.outcome ?? q.status);
  // A quote past its validity would promise prices that no longer hold: revise it (a new revision) first.
  const today = localDay(deps.clock.now(), (await actor.org()).timeZone);
  if (revision.draft.validUntil && revision.draft.validUntil < today) {
    throw new ValidationError([
      { path: ["quoteId"], code: "QUOTE_EXPIRED", text: { zh: `报价有效期已于${revision.draft.validUntil}截止，请修改报价（生成新版本）后再发送`, en: `the quote was valid until ${revision.draft.validUntil}; revise it before sending` } },
    ]);
  }
  const customer = await customerOf(deps, q);
  const locale = sendLocaleOf(customer, request.to);
  const doc = await quoteDocument(deps, await actor.org(), q, revision, customer, request.to, locale);
  const pdf = await deps.pdf.render(doc);
  const pdfSha256 = sha256(pdf);
  const pdfKey = `quotes/${q.id}/sends/${id}.pdf`;
  await deps.files.put(pdfKey, pdf, "application/pdf");

  const send: QuoteSend = {
    id,
    orgId: q.orgId,
    quoteId: q.id,
    revision: revision.revision,
    idempotencyKey: idempotencyKey as string,
    ...request,
    sentBy: actor.viewer.id,
    sentAt: deps.clock.now().toISOString(),
    pdfSha256,
    pdfKey,
    pdfFileName: locale === "en" ? `Quotation-${q.number}-v${revision.revision}.pdf` : `报价单-${q.number}-v${revision.revision}.pdf`,
    messageId: null,
    status: "SENDING",
    claimedAt: null,
    deliveredToSesAt: null,
    locale,
  };
  const raced = await deps.store.quoteSends.create(send);
  if (raced) return retried(actor, raced, request, q);
  return deliverSend(actor, send);
}

/**
 * The same key again: the same request gets its send (finished now if it was left half-way); another
 * request is refused, and so is the same one once the quote is at another revision (the key sent the
 * figures of its own revision: a client retrying it would believe it sent the new ones).
 */
function retried(actor: Actor, existing: QuoteSend, request: Pick<QuoteSend, "to" | "cc" | "message">, q: Quote): Promise<QuoteSend> {
  if (!sameRequest(existing, request) || existing.revision !== q.revision) {
    throw new IdempotencyKeyReusedError({
      zh: "该幂等键已用于另一封内容不同（或报价版本不同）的发送，请为新的发送使用新的幂等键",
      en: "This idempotency key was used for a different send (or another revision of the quote); use a new key for a new send",
    });
  }
  return deliverSend(actor, existing);
}

async function customerOf(deps: Deps, q: Quote): Promise<Customer> {
  const [customer] = await deps.store.customers.getMany([q.customerId]);
  if (!customer) throw new NotFoundError("Customer", q.customerId);
  return customer;
}

/** Sends the email of a SENDING send, if this caller is the one to take it; SENT once SES took it. */
async function deliverSend(actor: Actor, send: QuoteSend): Promise<QuoteSend> {
  const { deps } = actor;
  if (send.status !== "SENDING") {
    // A sender that stopped after SES took the email: what it left undone is done by the retry.
    if (send.deliveredToSesAt) await recordFirstSend(actor, send, send.deliveredToSesAt);
    return send;
  }
  const now = deps.clock.now();
  // The link is the credential to the PDF: only its hash is stored; a resend mints a new one.
  const viewId = randomBytes(32).toString("base64url");
  if (!(await deps.store.quoteSends.claim(send, now.toISOString(), new Date(now.getTime() - RESEND_AFTER_MS).toISOString(), viewHashOf(viewId)))) {
    return (await deps.store.quoteSends.get(send.quoteId, send.id)) ?? send;
  }
  try {
    const [q] = await deps.store.quotes.getMany([send.quoteId]);
    const revision = q && (await deps.store.quotes.getRevision(q.id, send.revision));
    const pdf = await deps.files.get(send.pdfKey);
    if (!q || !revision || !pdf) throw new Error(`Quote send ${send.id}: its quote, revision or archived PDF is missing`);
    const customer = await customerOf(deps, q);
    const org = await actor.org();
    const contact = addressedContact(customer, send.to);
    const [sender] = await deps.store.users.getMany([send.sentBy]);
    // Composed where the PDF is rendered (the quote PDF Lambda in AWS): the MIME library stays out of the GraphQL bundle.
    const raw = await deps.pdf.quoteEmail({
      locale: send.locale ?? "zh-CN",
      from: deps.config.mailFrom,
      replyTo: sender?.email ?? null,
      to: send.to,
      cc: send.cc,
      organizationName: org.name,
      senderName: sender?.name ?? org.name,
      customerName: customer.name,
      contactName: contact?.name ?? null,
      number: q.number,
      revision: send.revision,
      totalFen: revision.totals.totalFen,
      currency: q.currency,
      validUntil: revision.draft.validUntil ?? "-",
      message: send.message,
      pdf: { fileName: send.pdfFileName, bytes: pdf },
      viewUrl: `${deps.config.publicUrl}/q/${viewId}`,
      messageIdHeader: `<quote-send-${send.id}@${deps.config.mailFrom.split("@")[1] ?? "localhost"}>`,
    });
    const messageId = await deps.mail.sendRaw({ from: deps.config.mailFrom, to: send.to, cc: send.cc, raw });
    const sentAt = deps.clock.now().toISOString();
    const sent = await deps.store.quoteSends.markSent(send, messageId, sentAt);
    await recordFirstSend(actor, send, sentAt);
    return sent;
  } catch (error) {
    // Not sent: the next attempt sends at once instead of waiting for this claim to go stale.
    await deps.store.quoteSends.release(send).catch(() => {});
    throw error;
  }
}

/** The quote's first send (the acceptance rate counts quotes by it), filed under its month in the organization's calendar. */
async function recordFirstSend(actor: Actor, send: QuoteSend, sentAt: string): Promise<void> {
  const org = await actor.org();
  await actor.deps.store.quoteSendIndex.recordFirstSend({ orgId: send.orgId, quoteId: send.quoteId, sendId: send.id, sentAt }, monthOf(sentAt, org.timeZone));
}

/** Sends of a quote the viewer may see, oldest first (for a page of quotes at once: core/quote-children-loaders.ts). */
export const sendsOf = (actor: Actor, quoteId: string) => actor.quoteSends.load(quoteId);
