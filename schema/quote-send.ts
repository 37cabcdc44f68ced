import { OpportunityLostError } from "../functions/core/pipeline/errors";
import { loadUser } from "../functions/core/actor";
import * as Delivery from "../functions/core/quote-delivery";
import { builder } from "./builder";
import { COMMON_ERRORS, ErrorInterface } from "./errors";
import { IdempotencyKeyReusedError } from "./idempotency";
import { inputId } from "./ids";
import { QuoteRef, QuoteStatusEnum } from "./quote";
import { LocaleEnum, UserRef } from "./user";

const QuoteSendStatusEnum = builder.enumType("QuoteSendStatus", { values: Delivery.QUOTE_SEND_STATUSES });

/** A signed download link lives this long: long enough to open, short enough not to be passed around. */
const PDF_URL_SECONDS = 15 * 60;

builder.objectType(Delivery.QuoteNotSendableError, {
  name: "QuoteNotSendableError",
  description: "Only an approved revision is sent; `quoteStatus` is where the quote stands.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ quoteStatus: t.field({ type: QuoteStatusEnum, resolve: (e) => e.status }) }),
});
builder.objectType(Delivery.QuoteDealWonError, {
  name: "QuoteDealWonError",
  description: "The deal was won with a signed contract: its quotes are no longer sent to the customer.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ contractNumber: t.string({ nullable: true, description: "The signed contract that won the deal.", resolve: (e) => e.contractNumber }) }),
});

export const QuoteSendRef = builder.objectRef<Delivery.QuoteSend>("QuoteSend").implement({
  description: "One sending of a quote's approved revision to the customer, with the PDF it carried.",
  fields: (t) => ({
    id: t.exposeString("id"),
    revision: t.exposeInt("revision"),
    to: t.exposeStringList("to"),
    cc: t.exposeStringList("cc"),
    message: t.exposeString("message", { nullable: true }),
    sentBy: t.field({ type: UserRef, nullable: true, resolve: (s, _, ctx) => loadUser(ctx.actor, s.sentBy) }),
    sentAt: t.field({ type: "DateTime", resolve: (s) => s.sentAt }),
    status: t.field({ type: QuoteSendStatusEnum, description: "SENDING until SES accepted the email; then as SES reports: DELIVERED, BOUNCED or COMPLAINED.", resolve: (s) => s.status }),
    messageId: t.exposeString("messageId", { nullable: true, description: "SES's message id." }),
    bounceType: t.string({ nullable: true, description: "SES's bounce type when BOUNCED: Permanent (the address does not exist), Transient or Undetermined.", resolve: (s) => s.bounceType ?? null }),
    bouncedRecipients: t.stringList({ description: "The addresses that bounced or complained.", resolve: (s) => s.bouncedRecipients ?? [] }),
    sha256: t.exposeString("pdfSha256", { description: "Hex SHA-256 of the PDF attached, as archived." }),
    pdfFileName: t.exposeString("pdfFileName"),
    locale: t.field({ type: LocaleEnum, description: "The language of the email and PDF: the addressed contact's (Chinese unless they chose English).", resolve: (s) => s.locale ?? "zh-CN" }),
    followUpRemindedAt: t.field({ type: "DateTime", nullable: true, description: "When the owner was reminded that the customer had not answered.", resolve: (s) => s.followUpRemindedAt ?? null }),
    views: t.int({
      description:
        "Human visits through this send's link (activity within 10 minutes is one visit), each confirmed by the page's script in a visible tab; machine and internal views are on `Quote.views(kind:)`.",
      resolve: (s) => s.views ?? 0,
    }),
    firstViewedAt: t.field({ type: "DateTime", nullable: true, description: "When the customer's first human visit through this link began.", resolve: (s) => s.firstHumanViewAt ?? null }),
    lastViewedAt: t.field({ type: "DateTime", nullable: true, description: "When the latest human visit through this link began.", resolve: (s) => (s.firstHumanViewAt ? (s.lastViewedAt ?? null) : null) }),
    pdfUrl: t.string({
      description: "A short-lived link to the archived PDF: the bytes the customer received.",
      resolve: (s, _, ctx) => ctx.actor.deps.files.downloadUrl(s.pdfKey, s.pdfFileName, PDF_URL_SECONDS),
    }),
  }),
});

builder.objectField(QuoteRef, "sends", (t) =>
  t.field({ type: [QuoteSendRef], description: "Every sending to the customer, oldest first.", resolve: (q, _, ctx) => Delivery.sendsOf(ctx.actor, q.id) }),
);

const SendQuoteInput = builder.inputType("SendQuoteInput", {
  fields: (t) => ({
    quoteId: t.id({ required: true }),
    to: t.stringList({ required: true, description: "The customer's addresses (at most 20, each once, whatever its case); not the organization's own users (ValidationError STAFF_RECIPIENT)." }),
    cc: t.stringList({ description: "Copies (at most 20); colleagues may be here. An address also in `to` is not copied again." }),
    message: t.string({ description: "Put above the standard text of the email." }),
    idempotencyKey: t.string({
      required: true,
      description: "The same key again (a retry: the same recipients in any order, the same message, the quote at the same revision) sends nothing twice and returns the same send; otherwise IdempotencyKeyReusedError.",
    }),
  }),
});

builder.mutationField("sendQuote", (t) =>
  t.field({
    type: QuoteSendRef,
    description: "Emails the quote's approved revision to the customer with its PDF attached; the PDF is archived with its SHA-256. Refused once the deal is lost (OpportunityLostError) or won (QuoteDealWonError).",
    args: { input: t.arg({ type: SendQuoteInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Delivery.QuoteNotSendableError, IdempotencyKeyReusedError, OpportunityLostError, Delivery.QuoteDealWonError] },
    resolve: (_, { input }, ctx) =>
      Delivery.sendQuote(ctx.actor, { ...input, quoteId: inputId(String(input.quoteId), "Quote", "quoteId"), idempotencyKey: input.idempotencyKey }),
  }),
);
