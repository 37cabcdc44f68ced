import type { User } from "../../functions/core/user";
import type { TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { CREATE } from "../support/pipeline";

export const CUSTOMERS = `query($first: Int, $after: String, $filter: CustomerFilter) {
  customers(first: $first, after: $after, filter: $filter) { edges { node { name owner { name } } } pageInfo { hasNextPage endCursor } } }`;
export const DEALS = `query($first: Int, $filter: OpportunityFilter) {
  opportunities(first: $first, filter: $filter) { edges { node { title owner { name } } } } }`;

/** Customer names in a viewer's list (all of it), sorted. */
export async function customerNames(app: TestApp, viewer: User, filter: Record<string, unknown> = {}): Promise<string[]> {
  const res = await app.ok(viewer, CUSTOMERS, { first: 200, filter });
  return res.customers.edges.map((e: any) => e.node.name).sort();
}

export async function dealTitles(app: TestApp, viewer: User, filter: Record<string, unknown> = {}): Promise<string[]> {
  const res = await app.ok(viewer, DEALS, { first: 200, filter });
  return res.opportunities.edges.map((e: any) => e.node.title).sort();
}

/** DynamoDB calls one request makes. */
export async function callsOf(app: TestApp, request: () => Promise<unknown>): Promise<number> {
  const before = app.db.stats.calls;
  await request();
  return app.db.stats.calls - before;
}

/** A customer named `客户·<owner name>·<tag>` held by the owner, with a deal `商机·…`; their (global) ids. */
export async function customerWithDeal(app: TestApp, owner: User, tag = "1", extra: Record<string, unknown> = {}): Promise<{ customerId: string; dealId: string }> {
  const c = await app.ok(owner, CREATE_CUSTOMER, { input: customerInput({ name: `客户·${owner.name}·${tag}`, ...extra }) });
  if (c.createCustomer.__typename !== "Customer") throw new Error(JSON.stringify(c.createCustomer));
  const d = await app.ok(owner, CREATE, { input: { customerId: c.createCustomer.id, title: `商机·${owner.name}·${tag}` } });
  if (d.createOpportunity.__typename !== "Opportunity") throw new Error(JSON.stringify(d.createOpportunity));
  return { customerId: c.createCustomer.id, dealId: d.createOpportunity.id };
}
