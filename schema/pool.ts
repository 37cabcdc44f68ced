import * as Customers from "../functions/core/customer";
import { loadUser } from "../functions/core/actor";
import { VersionConflictError } from "../functions/core/errors";
import { builder } from "./builder";
import { CustomerRef } from "./customer";
import { COMMON_ERRORS, ErrorInterface } from "./errors";
import { inputId } from "./ids";
import { UserRef } from "./user";

builder.objectType(Customers.CustomerAlreadyOwnedError, {
  name: "CustomerAlreadyOwnedError",
  description: "Someone else holds the customer (the loser of a claim race gets this).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ ownerName: t.exposeString("ownerName") }),
});

builder.objectType(Customers.ReclaimCooldownError, {
  name: "ReclaimCooldownError",
  description: "The claimer gave this customer up to the pool too recently (organization.reclaimCooldownDays); others may claim it now.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    releasedOn: t.field({ type: "Date", resolve: (e) => e.releasedOn }),
    claimableOn: t.field({ type: "Date", description: "The first day (organization's calendar) they may claim it again.", resolve: (e) => e.claimableOn }),
    claimableAt: t.field({ type: "DateTime", description: "The instant that day begins.", resolve: (e) => e.claimableAt }),
  }),
});

const ReassignPayload = builder
  .objectRef<Customers.ReassignResult & { toUserId: string }>("ReassignCustomersPayload")
  .implement({
    fields: (t) => ({
      moved: t.exposeInt("moved"),
      skipped: t.exposeInt("skipped", { description: "Named customers the from-user no longer held." }),
      toUser: t.field({ type: UserRef, nullable: true, resolve: (r, _, ctx) => loadUser(ctx.actor, r.toUserId) }),
    }),
  });

const ReassignCustomersInput = builder.inputType("ReassignCustomersInput", {
  fields: (t) => ({
    fromUserId: t.id({ required: true }),
    toUserId: t.id({ required: true }),
    customerIds: t.idList({ description: "Only these; all the from-user holds when absent." }),
  }),
});

builder.mutationFields((t) => ({
  claimCustomer: t.field({
    type: CustomerRef,
    description:
      "Takes a customer from the pool. Of two racing reps one wins; the other gets CustomerAlreadyOwnedError. Whoever gave it up waits out the reclaim cool-down (ReclaimCooldownError).",
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [...COMMON_ERRORS, Customers.CustomerAlreadyOwnedError, Customers.OwnershipLimitError, Customers.ReclaimCooldownError] },
    resolve: (_, { id }, ctx) => Customers.claimCustomer(ctx.actor, inputId(String(id), "Customer", "id")),
  }),
  releaseCustomer: t.field({
    type: CustomerRef,
    description: "Returns a customer to the pool, with the reason on its timeline.",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    errors: { types: [...COMMON_ERRORS, Customers.CustomerInPoolError, VersionConflictError] },
    resolve: (_, { id, reason }, ctx) => Customers.releaseCustomer(ctx.actor, inputId(String(id), "Customer", "id"), reason),
  }),
  reassignCustomers: t.field({
    type: ReassignPayload,
    description:
      "Hands customers over (all, or the ones named), e.g. before deactivating a rep, with the from-user's open deals on them (and those deals' quotes and contracts); won and lost deals keep their owner. Managers within their team, ADMIN/GM anyone; the receiver must sell (REP, MANAGER, GM or ADMIN) and stays within maxCustomersPerOwner unless ADMIN hands over.",
    args: { input: t.arg({ type: ReassignCustomersInput, required: true }) },
    errors: { types: [...COMMON_ERRORS, Customers.OwnershipLimitError] },
    resolve: async (_, { input }, ctx) => {
      const toUserId = inputId(String(input.toUserId), "User", "toUserId");
      const result = await Customers.reassignCustomers(ctx.actor, {
        fromUserId: inputId(String(input.fromUserId), "User", "fromUserId"),
        toUserId,
        customerIds: input.customerIds?.map((id, i) => inputId(String(id), "Customer", `customerIds.${i}`)),
      });
      return { ...result, toUserId };
    },
  }),
}));
