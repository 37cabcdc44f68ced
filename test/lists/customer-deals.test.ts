import { DeleteCommand, GetCommand } from "../../functions/store/dynamo";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { key } from "../../functions/store/keys";
import { localId } from "../../schema/ids";
import { gid, testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { CREATE } from "../support/pipeline";
import { countCalls } from "../support/calls";

/**
 * A page of customers with their deals costs the same DynamoDB calls for 5 customers and for 40:
 * each customer's deal ids sit in one item beside it (read for the whole page in one BatchGetItem)
 * and the deals come through the request's loader, instead of one Query per customer. What each
 * viewer sees (which deals, in which order, with which cursors) is what the customer's deal query gave.
 */
let app: TestApp;
let admin: User, manager: User, rep: User, rep2: User;
const CUSTOMERS = 40;

const DEAL = `title stage owner { name }`;
const PAGE_WITH_DEALS = `query($first: Int) { customers(first: $first) { edges { node { id name
  opportunities(first: 5) { edges { cursor node { ${DEAL} } } pageInfo { hasNextPage endCursor } } } } } }`;
const CUSTOMER_DEALS = `query($id: ID!, $first: Int, $after: String) { customer(id: $id) {
  opportunities(first: $first, after: $after) { edges { cursor node { ${DEAL} } } pageInfo { hasNextPage endCursor } } } }`;
/** The deal list filtered by customer: the query each customer's list was read with before. */
const BY_QUERY = `query($customerId: ID!, $first: Int, $after: String) { opportunities(first: $first, after: $after, filter: { customerId: $customerId }) {
  edges { cursor node { ${DEAL} } } pageInfo { hasNextPage endCursor } } }`;

/** The DynamoDB calls one request makes, by command. */
const callsOf = (user: User, query: string, variables: Record<string, unknown>) => countCalls(app, user, query, variables);

async function newCustomer(owner: User): Promise<string> {
  app.clock.advance(1000);
  return (await app.ok(owner, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
}

async function newDealOn(user: User, customerId: string, fields: Record<string, unknown>): Promise<string> {
  app.clock.advance(1000);
  const res = await app.ok(user, CREATE, { input: { customerId, ...fields } });
  expect(res.createOpportunity.__typename, JSON.stringify(res.createOpportunity)).toBe("Opportunity");
  return res.createOpportunity.id;
}

/** What the deal query filtered by this customer shows the user: the list as it was read before. */
async function byQuery(user: User, customerId: string, first = 5) {
  const list = (await app.ok(user, BY_QUERY, { customerId, first })).opportunities;
  return { edges: list.edges, pageInfo: list.pageInfo };
}

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
  rep = await app.user({ name: "王丽", managerId: manager.id });
  rep2 = await app.user({ name: "陈刚", managerId: manager.id });
  // Each customer: its owner's deal closing in December, the other rep's (added by the manager) in
  // November or undated, and every fourth a third deal closing in between.
  for (let i = 0; i < CUSTOMERS; i++) {
    const [owner, other] = i % 2 ? [rep2, rep] : [rep, rep2];
    const customerId = await newCustomer(owner);
    await newDealOn(owner, customerId, { title: `主合同${i}`, expectedCloseOn: `2026-12-${String(10 + (i % 15)).padStart(2, "0")}` });
    await newDealOn(manager, customerId, { title: `备件${i}`, ownerId: gid("User", other.id), ...(i % 3 ? { expectedCloseOn: "2026-11-30" } : {}) });
    if (i % 4 === 0) await newDealOn(owner, customerId, { title: `改造${i}`, expectedCloseOn: "2026-12-01" });
  }
}, 300_000);

describe("a page of customers with their deals", () => {
  it("costs the same DynamoDB calls for 5 customers and for 40", async () => {
    const five = await callsOf(manager, PAGE_WITH_DEALS, { first: 5 });
    const forty = await callsOf(manager, PAGE_WITH_DEALS, { first: CUSTOMERS });
    // Assess: the page of 40 really holds 40 customers and their 90 deals
    const customers = forty.data.customers.edges.map((e: any) => e.node);
    expect(customers).toHaveLength(CUSTOMERS);
    expect(customers.flatMap((c: any) => c.opportunities.edges)).toHaveLength(CUSTOMERS * 2 + CUSTOMERS / 4);
    expect(forty.calls).toEqual(five.calls);
  });

  it("shows each viewer the deals, order and cursors the customer's deal query gave", async () => {
    for (const user of [manager, admin, rep]) {
      const page = (await app.ok(user, PAGE_WITH_DEALS, { first: CUSTOMERS })).customers.edges.map((e: any) => e.node);
      for (const c of page) expect({ name: c.name, ...c.opportunities }).toEqual({ name: c.name, ...(await byQuery(user, c.id)) });
    }
    // A rep sees their own deals only, even on their own customers; the manager sees both reps', closing soonest first, undated last
    const mine = (await app.ok(rep, PAGE_WITH_DEALS, { first: CUSTOMERS })).customers.edges.map((e: any) => e.node);
    expect(mine).toHaveLength(CUSTOMERS / 2);
    expect(mine.flatMap((c: any) => c.opportunities.edges.map((e: any) => e.node.owner.name))).toEqual(Array(CUSTOMERS / 2 + CUSTOMERS / 4).fill(rep.name));
    const seen = (await app.ok(manager, PAGE_WITH_DEALS, { first: CUSTOMERS })).customers.edges.map((e: any) => e.node);
    const orders = seen.filter((c: any) => c.opportunities.edges.length === 3).map((c: any) => c.opportunities.edges.map((e: any) => e.node.title.replace(/\d+$/, "")).join(" "));
    expect(new Set(orders)).toEqual(new Set(["备件 改造 主合同", "改造 主合同 备件"]));
  });

  it("pages a customer's deals with the cursors the deal query hands out", async () => {
    const customer = (await app.ok(manager, PAGE_WITH_DEALS, { first: CUSTOMERS })).customers.edges.map((e: any) => e.node).find((c: any) => c.opportunities.edges.length === 3);
    const titles: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 3; i++) {
      const page: any = (await app.ok(manager, CUSTOMER_DEALS, { id: customer.id, first: 1, after })).customer.opportunities;
      const expected = (await app.ok(manager, BY_QUERY, { customerId: customer.id, first: 1, after })).opportunities;
      expect(page.edges).toEqual(expected.edges);
      expect(page.pageInfo.hasNextPage).toBe(i < 2);
      titles.push(page.edges[0].node.title);
      after = page.pageInfo.endCursor;
    }
    expect(titles).toEqual(customer.opportunities.edges.map((e: any) => e.node.title));
  });
});

describe("customers from before the deal ids were kept", () => {
  it("list their deals, deals added since included, and keep the ids for the next read", async () => {
    // Prepare: a customer and a deal as the previous version wrote them (no deal ids item), then a deal added since
    const customerId = await newCustomer(rep);
    const local = localId(customerId, "Customer")!;
    await newDealOn(rep, customerId, { title: "老商机", expectedCloseOn: "2026-12-20" });
    await app.db.doc.send(new DeleteCommand({ TableName: app.db.table, Key: key.customerDealIds(local) }));
    await newDealOn(rep, customerId, { title: "新商机", expectedCloseOn: "2026-12-05" });
    const stored = async () => (await app.db.doc.send(new GetCommand({ TableName: app.db.table, Key: key.customerDealIds(local), ConsistentRead: true }))).Item;
    expect((await stored())?.complete).toBeUndefined();

    // Act
    const first = await callsOf(rep, CUSTOMER_DEALS, { id: customerId, first: 5 });
    const again = await callsOf(rep, CUSTOMER_DEALS, { id: customerId, first: 5 });

    // Assess: both deals, soonest first; the item now holds both and the next read queries nothing
    const titles = (d: any) => d.customer.opportunities.edges.map((e: any) => e.node.title);
    expect(titles(first.data)).toEqual(["新商机", "老商机"]);
    expect(titles(again.data)).toEqual(["新商机", "老商机"]);
    expect(first.data.customer.opportunities).toEqual((await byQuery(rep, customerId)));
    const item = await stored();
    expect(item?.complete).toBe(true);
    expect((item?.opportunityIds as Set<string>).size).toBe(2);
    expect(first.calls.QueryCommand).toBe(1);
    expect(again.calls.QueryCommand ?? 0).toBe(0);
  });
});
