import { loadUser } from "../functions/core/actor";
import { deliveryProblems } from "../functions/core/delivery-problems";
import type { OutboxEmail } from "../functions/store/outbox";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { queryErrors } from "./errors";
import { UserRef } from "./user";

const DeliveryProblemKind = builder.enumType("DeliveryProblemKind", { values: ["REFUSED", "BOUNCED", "COMPLAINED"] as const });

const DeliveryProblemRef = builder.objectRef<OutboxEmail>("DeliveryProblem").implement({
  description:
    "An email to one of our people that did not reach them: SES refused it on every attempt (retried after 1, 5 and 30 minutes, 2 and 6 hours: REFUSED, never sent), or took it and then reported a permanent bounce (BOUNCED) or a spam complaint (COMPLAINED).",
  fields: (t) => ({
    problem: t.field({ type: DeliveryProblemKind, resolve: (e) => (e.status === "BOUNCED" || e.status === "COMPLAINED" ? e.status : "REFUSED") }),
    emailId: t.exposeString("id", { description: "The email's once-only id (kind, subject, period), e.g. DIGEST#<user>#2026-11-24." }),
    kind: t.exposeString("kind", { description: "What the email was, e.g. DIGEST, APPROVAL_REQUEST, QUOTE_FOLLOW_UP." }),
    to: t.exposeString("to", { description: "The address it was for." }),
    recipient: t.field({ type: UserRef, nullable: true, resolve: (e, _, ctx) => (e.toUserId ? loadUser(ctx.actor, e.toUserId) : null) }),
    subjectType: t.exposeString("subjectType", { nullable: true }),
    subjectId: t.exposeString("subjectId", { nullable: true }),
    attempts: t.int({ resolve: (e) => e.attempts ?? 0 }),
    lastError: t.string({ nullable: true, description: "What SES said the last time (the refusal, or the bounced address).", resolve: (e) => e.lastError ?? null }),
    failedAt: t.field({ type: "DateTime", description: "When the last attempt was refused, or when SES reported the bounce or complaint.", resolve: (e) => e.failedAt as string }),
  }),
});

builder.queryField("deliveryProblems", (t) =>
  t.connection(
    {
      type: DeliveryProblemRef,
      description: "ADMIN: emails that could not be sent after every retry, newest first.",
      resolve: (_, args, ctx) => queryErrors(ctx, async () => listConnection(args, ctx, "deliveryProblems", (page) => deliveryProblems(ctx.actor, page))),
    },
    { name: "DeliveryProblemConnection" },
    { name: "DeliveryProblemEdge" },
  ),
);
