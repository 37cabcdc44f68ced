import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { addDays, localDay } from "../../functions/core/local-day";
import { CREATE_CUSTOMER, customerInput, poolTeam } from "../support/fixtures";
import { CREATE, LOSE, UPDATE as UPDATE_DEAL } from "../support/pipeline";

let app: TestApp;
let admin: User;
let manager: User;
let alice: User;
let bob: User;

const REASSIGN = `mutation($input: ReassignCustomersInput!) { reassignCustomers(input: $input) {
  __typename ... on Error { message } ... on ValidationError { fields { path code message } }
  ... on OwnershipLimitError { limit heldCount } ... on ReassignCustomersPayload { moved skipped } } }`;
const UPDATE_USER = `mutation($input: UpdateUserInput!) { updateUser(input: $input) {
  __typename ... on Error { message } ... on UserHasOpenDealsError { dealCount } ... on User { active } } }`;
const DEAL = `query($id: ID!) { opportunity(id: $id) { owner { name } stage timeline(first: 1) { edges { node { kind summary } } } } }`;
const CUSTOMER_DEALS = `query($id: ID!) { customer(id: $id) { owner { name } opportunities(first: 10) { edges { node { title owner { name } } } } } }`;
const QUOTES = `{ quotes(first: 50) { edges { node { id } } } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { __typename ... on Error { message } ... on Quote { id } } }`;

beforeAll(async () => {
  app = await testApp();
  ({ admin, manager, alice, bob } = await poolTeam(app));
  await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 0, maxCustomersPerOwner: 5 }) { __typename } }`);
});

async function dealOn(owner: User, customerId: string, title: string): Promise<string> {
  const res = await app.ok(owner, CREATE, { input: { customerId, title } });
  if (res.createOpportunity.__typename !== "Opportunity") throw new Error(JSON.stringify(res.createOpportunity));
  return res.createOpportunity.id;
}

const heldByRep = async (rep: User) => (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id as string;

const hand = (by: User, from: User, to: User, customerIds?: string[]) =>
  app.ok(by, REASSIGN, { input: { fromUserId: gid("User", from.id), toUserId: gid("User", to.id), ...(customerIds ? { customerIds } : {}) } });

describe("handing customers over takes their open deals along", () => {
  it("moves the old owner's open deals (and their quotes), keeps closed ones, and then lets the rep be deactivated", async () => {
    // Prepare: a leaving rep with one customer, an open deal with a draft quote and a lost deal on it
    const leaving = await app.user({ name: "离职销售", managerId: manager.id });
    const customerId = (await app.ok(leaving, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
    const open = await dealOn(leaving, customerId, "DN300 蝶阀更换");
    const quote = await app.ok(leaving, CREATE_QUOTE, {
      input: {
        opportunityId: open,
        lines: [{ product: "高性能蝶阀", spec: "DN300 PN16", quantity: 1, unit: "台", listPriceFen: 1_000_000, unitPriceFen: 1_000_000 }],
        paymentTerms: "30%预付，60%到货，10%质保金",
        deliveryTerms: "合同生效后30天内送达买方指定工地",
        validUntil: addDays(localDay(app.clock.now(), "Asia/Shanghai"), 30),
      },
    });
    expect(quote.createQuote.__typename).toBe("Quote");
    const lost = await dealOn(leaving, customerId, "旧项目");
    expect((await app.ok(leaving, LOSE, { id: lost, reason: "预算取消" })).markOpportunityLost.__typename).toBe("Opportunity");

    // Act (a minute later, so the timeline's newest entry is the hand-over)
    app.clock.advance(60_000);
    const res = await hand(manager, leaving, alice);

    // Assess: the new owner holds the customer and its open deal and quote; the lost deal keeps its owner
    expect(res.reassignCustomers).toMatchObject({ __typename: "ReassignCustomersPayload", moved: 1 });
    const seen = await app.ok(alice, CUSTOMER_DEALS, { id: customerId });
    expect(seen.customer.owner.name).toBe("王丽");
    expect(seen.customer.opportunities.edges.map((e: any) => e.node)).toEqual([{ title: "DN300 蝶阀更换", owner: { name: "王丽" } }]);
    const deal = (await app.ok(alice, DEAL, { id: open })).opportunity;
    expect(deal.owner.name).toBe("王丽");
    expect(deal.timeline.edges[0].node).toEqual({ kind: "REASSIGNED", summary: "赵经理 随客户将商机从 离职销售 移交给 王丽" });
    expect((await app.ok(alice, QUOTES)).quotes.edges.map((e: any) => e.node.id)).toContain(quote.createQuote.id);
    expect((await app.ok(admin, DEAL, { id: lost })).opportunity).toMatchObject({ owner: { name: "离职销售" }, stage: "LOST" });
    expect((await app.ok(leaving, QUOTES)).quotes.edges).toEqual([]);

    const off = await app.ok(admin, UPDATE_USER, { input: { id: gid("User", leaving.id), expectedVersion: 1, active: false } });
    expect(off.updateUser).toMatchObject({ __typename: "User", active: false });
  });

  it("puts the moved deals in the receiving manager's lists and out of the old manager's", async () => {
    const otherManager = await app.user({ name: "钱经理", roles: ["MANAGER"] });
    const receiver = await app.user({ name: "黄磊", managerId: otherManager.id });
    const mover = await app.user({ name: "调走销售", managerId: manager.id });
    const customerId = (await app.ok(mover, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
    const dealId = await dealOn(mover, customerId, "跨组项目");
    const DEALS = `{ opportunities(first: 100) { edges { node { id } } } }`;
    const ids = async (u: User) => (await app.ok(u, DEALS)).opportunities.edges.map((e: any) => e.node.id);
    expect(await ids(manager)).toContain(dealId);

    expect((await hand(admin, mover, receiver)).reassignCustomers).toMatchObject({ moved: 1 });

    expect(await ids(otherManager)).toContain(dealId);
    expect(await ids(receiver)).toContain(dealId);
    expect(await ids(manager)).not.toContain(dealId);
    const seen = await app.ok(otherManager, CUSTOMER_DEALS, { id: customerId });
    expect(seen.customer.opportunities.edges.map((e: any) => e.node)).toEqual([{ title: "跨组项目", owner: { name: "黄磊" } }]);
  });

  it("moves customers with more open deals than one transaction holds", async () => {
    const big = await app.user({ name: "大项目销售", managerId: manager.id });
    const heir = await app.user({ name: "大项目继任", managerId: manager.id });
    const [a, b] = [await heldByRep(big), await heldByRep(big)];
    const deals: string[] = [];
    for (let i = 0; i < 26; i++) deals.push(await dealOn(big, a, `甲项目${i}`));
    for (let i = 0; i < 12; i++) deals.push(await dealOn(big, b, `乙项目${i}`));

    expect((await hand(manager, big, heir)).reassignCustomers).toMatchObject({ moved: 2, skipped: 0 });

    const owners = await Promise.all(deals.map(async (id) => (await app.ok(heir, DEAL, { id })).opportunity?.owner.name));
    expect(new Set(owners)).toEqual(new Set(["大项目继任"]));
    const off = await app.ok(admin, UPDATE_USER, { input: { id: gid("User", big.id), expectedVersion: 1, active: false } });
    expect(off.updateUser).toMatchObject({ __typename: "User", active: false });
  });

  it("refuses to deactivate someone who still owns open deals, naming how many", async () => {
    // A deal on someone else's customer: handing customers over does not reach it
    const helper = await app.user({ name: "协作销售", managerId: manager.id });
    const customerId = (await app.ok(bob, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
    const res = await app.ok(manager, CREATE, { input: { customerId, title: "协作项目", ownerId: gid("User", helper.id) } });
    const dealId = res.createOpportunity.id;

    const refused = await app.ok(admin, UPDATE_USER, { input: { id: gid("User", helper.id), expectedVersion: 1, active: false } });
    expect(refused.updateUser).toMatchObject({ __typename: "UserHasOpenDealsError", dealCount: 1 });
    expect(refused.updateUser.message).toContain("1个未结束的商机");
    expect((await app.reload(helper)).active).toBe(true);

    await app.ok(manager, UPDATE_DEAL, { input: { id: dealId, expectedVersion: 1, ownerId: gid("User", bob.id) } });
    const off = await app.ok(admin, UPDATE_USER, { input: { id: gid("User", helper.id), expectedVersion: 1, active: false } });
    expect(off.updateUser).toMatchObject({ __typename: "User", active: false });
  });
});

describe("only people who sell may own customers and deals", () => {
  it("refuses FINANCE as the receiver of customers, of a new customer and of a deal, and FINANCE claiming", async () => {
    const finance = await app.user({ name: "财务林芳", roles: ["FINANCE"] });
    const customerId = (await app.ok(bob, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
    const dealId = await dealOn(bob, customerId, "财务不应接手的项目");

    const handed = await hand(admin, bob, finance, [customerId]);
    expect(handed.reassignCustomers.__typename).toBe("ValidationError");
    expect(handed.reassignCustomers.fields).toEqual([{ path: ["toUserId"], code: "NOT_A_SELLER", message: expect.stringContaining("销售") }]);

    const created = await app.ok(admin, CREATE_CUSTOMER, { input: customerInput({ ownerId: gid("User", finance.id) }) });
    expect(created.createCustomer.__typename).toBe("ValidationError");
    expect(created.createCustomer.fields[0]).toMatchObject({ path: ["ownerId"], code: "NOT_A_SELLER" });

    const moved = await app.ok(admin, UPDATE_DEAL, { input: { id: dealId, expectedVersion: 1, ownerId: gid("User", finance.id) } });
    expect(moved.updateOpportunity.__typename).toBe("ValidationError");
    expect(moved.updateOpportunity.fields[0]).toMatchObject({ path: ["ownerId"], code: "NOT_A_SELLER" });

    const pool = (await app.ok(admin, CREATE_CUSTOMER, { input: customerInput({ inPool: true }) })).createCustomer.id;
    const claimed = await app.ok(finance, `mutation($id: ID!) { claimCustomer(id: $id) { __typename } }`, { id: pool });
    expect(claimed.claimCustomer.__typename).toBe("ForbiddenError");

    // Nothing changed hands
    expect((await app.ok(admin, CUSTOMER_DEALS, { id: customerId })).customer.owner.name).toBe("陈刚");
    expect((await app.ok(admin, DEAL, { id: dealId })).opportunity.owner.name).toBe("陈刚");
    expect((await app.reload(finance)).ownedCount).toBe(0);
  });
});

describe("the holding limit on a hand-over", () => {
  it("stops a manager's hand-over past the receiver's limit, moving nothing; ADMIN may exceed it", async () => {
    // Prepare: the limit is 5; the receiver holds 3, the leaver 3
    const from = await app.user({ name: "调岗销售", managerId: manager.id });
    const to = await app.user({ name: "接收销售", managerId: manager.id });
    for (let i = 0; i < 3; i++) await app.ok(from, CREATE_CUSTOMER, { input: customerInput() });
    for (let i = 0; i < 3; i++) await app.ok(to, CREATE_CUSTOMER, { input: customerInput() });

    const refused = await hand(manager, from, to);
    expect(refused.reassignCustomers).toMatchObject({ __typename: "OwnershipLimitError", limit: 5, heldCount: 3 });
    expect(refused.reassignCustomers.message).toContain("接收销售");
    expect((await app.reload(from)).ownedCount).toBe(3);
    expect((await app.reload(to)).ownedCount).toBe(3);

    const byAdmin = await hand(admin, from, to);
    expect(byAdmin.reassignCustomers).toMatchObject({ __typename: "ReassignCustomersPayload", moved: 3 });
    expect((await app.reload(to)).ownedCount).toBe(6);
  });
});
