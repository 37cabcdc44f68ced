import { encodeGlobalID } from "@pothos/plugin-relay";
import type { User } from "../../functions/core/user";
import type { TestApp } from "../support/app";

export const ERR = `__typename ... on Error { message } ... on ValidationError { fields { path code message } }`;

export const FOLLOW_UP = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { ${ERR} ... on Customer { id lastFollowUpAt } } }`;

/** A customer's timeline entries of one kind, newest first (what the customer screen shows). */
export async function timelineOf(app: TestApp, as: User, customerId: string, kind: string): Promise<{ note: string | null }[]> {
  const res = await app.ok(as, `query($id: ID!) { customer(id: $id) { timeline(first: 100) { edges { node { kind note } } } } }`, { id: customerId });
  return res.customer.timeline.edges.map((e: any) => e.node).filter((n: any) => n.kind === kind).map((n: any) => ({ note: n.note }));
}

/** The names of the customers `owner` holds, as they see them. */
export async function customerNames(app: TestApp, owner: User): Promise<string[]> {
  const res = await app.ok(owner, `query($id: ID!) { customers(first: 200, filter: { ownerId: $id }) { edges { node { name } } } }`, { id: encodeGlobalID("User", owner.id) });
  return res.customers.edges.map((e: any) => e.node.name);
}
