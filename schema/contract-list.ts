import * as Contracts from "../functions/core/contract/contract";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { ContractRef, ContractStatusEnum } from "./contract";
import { queryErrors } from "./errors";
import { filterId } from "./quote-list";

const ContractFilter = builder.inputType("ContractFilter", {
  description: "Every field narrows the list; days are the organization's calendar days, both ends included.",
  fields: (t) => ({
    status: t.field({ type: ContractStatusEnum }),
    ownerId: t.id({ description: "The deal's owner (a user of the organization; one outside the viewer's view gives an empty list)." }),
    customerId: t.id(),
    signedFrom: t.field({ type: "Date", description: "Signed on or after this day." }),
    signedTo: t.field({ type: "Date", description: "Signed on or before this day." }),
  }),
});

builder.queryField("contracts", (t) =>
  t.connection(
    {
      type: ContractRef,
      description: "The contracts the viewer may see (as quotes), newest created first. A bad filter is a ValidationError.",
      args: { filter: t.arg({ type: ContractFilter }) },
      resolve: (_, args, ctx) =>
        queryErrors(ctx, async () => {
          const { ownerId, customerId, ...rest } = args.filter ?? {};
          return listConnection(args, ctx, "contracts", (page) => Contracts.listContracts(ctx.actor, { ...rest, ownerId: filterId(ownerId, "User"), customerId: filterId(customerId, "Customer") }, page));
        }),
    },
    { name: "ContractConnection" },
    { name: "ContractEdge" },
  ),
);
