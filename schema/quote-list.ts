import * as Quotes from "../functions/core/quote";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { queryErrors } from "./errors";
import { localId } from "./ids";
import { QuoteRef, QuoteStatusEnum } from "./quote";

const QuoteFilter = builder.inputType("QuoteFilter", {
  description: "Every field narrows the list; days are the organization's calendar days, both ends included.",
  fields: (t) => ({
    status: t.field({ type: QuoteStatusEnum }),
    ownerId: t.id({ description: "The deal's owner (a user of the organization; one outside the viewer's view gives an empty list)." }),
    customerId: t.id(),
    pendingMyApproval: t.boolean({ description: "true: only quotes whose current approval step waits on the viewer (as in myApprovals)." }),
    submittedFrom: t.field({ type: "Date", description: "The current revision submitted on or after this day." }),
    submittedTo: t.field({ type: "Date", description: "The current revision submitted on or before this day." }),
  }),
});

/** A global id of the wrong type or malformed: an id that names nobody (the filter then reports it). */
export const filterId = (id: string | number | null | undefined, type: string) => (id == null ? null : (localId(String(id), type) ?? "-"));

builder.queryField("quotes", (t) =>
  t.connection(
    {
      type: QuoteRef,
      description:
        "The quotes the viewer may see (those on deals they may see: reps their own, managers their team's and their own, ADMIN, GM, FINANCE, LEGAL and TECH all), newest created first. A bad filter (an unknown owner or customer, from after to) is a ValidationError.",
      args: { filter: t.arg({ type: QuoteFilter }) },
      resolve: (_, args, ctx) =>
        queryErrors(ctx, async () => {
          const { ownerId, customerId, ...rest } = args.filter ?? {};
          return listConnection(args, ctx, "quotes", (page) => Quotes.listQuotes(ctx.actor, { ...rest, ownerId: filterId(ownerId, "User"), customerId: filterId(customerId, "Customer") }, page));
        }),
    },
    { name: "QuoteConnection" },
    { name: "QuoteEdge" },
  ),
);
