import * as Responses from "../functions/core/quote-response";
import { builder } from "./builder";
import { QuoteRef } from "./quote";
import { QuoteSendRef } from "./quote-send";

const QuoteAcceptanceRef = builder.objectRef<Responses.QuoteAcceptance>("QuoteAcceptance").implement({
  description: "The customer accepting a revision online, through the link of a quote email.",
  fields: (t) => ({
    revision: t.exposeInt("revision", { description: "The revision accepted (a later edit starts a new one; this stays)." }),
    name: t.exposeString("name"),
    title: t.exposeString("title", { description: "The person's job title, as they gave it." }),
    comment: t.exposeString("comment", { nullable: true }),
    acceptedAt: t.field({ type: "DateTime", resolve: (a) => a.acceptedAt }),
    ip: t.exposeString("ip", { nullable: true, description: "The address the acceptance came from." }),
    userAgent: t.exposeString("userAgent", { nullable: true }),
    send: t.field({ type: QuoteSendRef, nullable: true, description: "The sending whose link was used.", resolve: (a, _, ctx) => ctx.actor.deps.store.quoteSends.get(a.quoteId, a.sendId) }),
  }),
});

const QuoteChangeRequestRef = builder.objectRef<Responses.QuoteChangeRequest>("QuoteChangeRequest").implement({
  description: "The customer asking for changes to a revision, through the link of a quote email; the quote's status stays.",
  fields: (t) => ({
    id: t.exposeString("id"),
    revision: t.exposeInt("revision"),
    comment: t.exposeString("comment"),
    requestedAt: t.field({ type: "DateTime", resolve: (r) => r.requestedAt }),
    ip: t.exposeString("ip", { nullable: true }),
    userAgent: t.exposeString("userAgent", { nullable: true }),
    send: t.field({ type: QuoteSendRef, nullable: true, description: "The sending whose link was used.", resolve: (r, _, ctx) => ctx.actor.deps.store.quoteSends.get(r.quoteId, r.sendId) }),
  }),
});

builder.objectField(QuoteRef, "acceptance", (t) =>
  t.field({
    type: QuoteAcceptanceRef,
    nullable: true,
    description: "The customer's latest online acceptance (of `revision`); null until they accept.",
    resolve: (q, _, ctx) => Responses.acceptanceOf(ctx.actor, q),
  }),
);

builder.objectField(QuoteRef, "changeRequests", (t) =>
  t.field({ type: [QuoteChangeRequestRef], description: "The customer's requests for changes, oldest first.", resolve: (q, _, ctx) => Responses.changeRequestsOf(ctx.actor, q) }),
);
