import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { quoteFor, SUBMIT } from "../support/approvals";
import { contractTeam, CREATE_CONTRACT } from "../support/contracts";
import { advance, newDeal } from "../support/pipeline";

/** `contracts(first, after, filter)`: the contracts a front end lists, as each role may see them. */
let app: TestApp;
let gm: User, manager: User, rep: User, repB: User, otherRep: User, finance: User, legal: User;
const numberOf: Record<string, string> = {};
const customerOf: Record<string, string> = {};

const CONTRACTS = `query($first: Int, $after: String, $filter: ContractFilter) {
  contracts(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id number status signedOn owner { name } } }
    pageInfo { hasNextPage endCursor } } }`;
const numbers = async (as: User, filter: Record<string, unknown> = {}, first = 50) =>
  (await app.ok(as, CONTRACTS, { first, filter })).contracts.edges.map((e: any) => e.node.number);
const expected = (...names: string[]) => names.map((n) => numberOf[n]).reverse(); // newest created first

/** A draft contract on an approved quote (list price: approved at once). */
async function draftContract(name: string, owner: User) {
  const quote = await quoteFor(app, owner, { list: 10_000, unit: 10_000, cost: 5_000 });
  expect((await app.ok(owner, SUBMIT, { id: quote.id })).submitQuote.status).toBe("APPROVED");
  const created = (await app.ok(owner, CREATE_CONTRACT, { input: { quoteId: quote.id } })).createContract;
  expect(created.__typename).toBe("Contract");
  numberOf[name] = created.number;
  app.clock.advance(60_000);
}

async function signedContract(name: string, owner: User) {
  const opportunityId = await newDeal(app, owner);
  await advance(app, owner, opportunityId, "CONTRACT_SIGNED");
  const { opportunity } = await app.ok(owner, `query($id: ID!) { opportunity(id: $id) { customer { id } wonContract { number } } }`, { id: opportunityId });
  numberOf[name] = opportunity.wonContract.number;
  customerOf[name] = opportunity.customer.id;
  app.clock.advance(60_000);
}

beforeAll(async () => {
  app = await testApp();
  ({ gm, manager, rep, finance, legal } = await contractTeam(app));
  repB = await app.user({ name: "刘洋", managerId: manager.id });
  const otherManager = await app.user({ name: "李晓燕", roles: ["MANAGER"], managerId: gm.id });
  otherRep = await app.user({ name: "孙倩", managerId: otherManager.id });
  await signedContract("s1", rep); // signed on 2026-11-23
  await draftContract("d1", repB);
  app.clock.advance(24 * 3600_000);
  await signedContract("s2", otherRep); // signed on 2026-11-24
  await draftContract("d2", rep);
}, 180_000);

describe("who sees which contracts", () => {
  it("shows reps their own, managers their team's, GM, finance and legal all, newest first", async () => {
    expect(await numbers(rep)).toEqual(expected("s1", "d2"));
    expect(await numbers(repB)).toEqual(expected("d1"));
    expect(await numbers(manager)).toEqual(expected("s1", "d1", "d2"));
    for (const who of [gm, finance, legal]) expect(await numbers(who)).toEqual(expected("s1", "d1", "s2", "d2"));
  });
});

describe("filters and paging", () => {
  it("narrows by status, owner, customer and signing day", async () => {
    expect(await numbers(gm, { status: "SIGNED" })).toEqual(expected("s1", "s2"));
    expect(await numbers(gm, { ownerId: gid("User", rep.id) })).toEqual(expected("s1", "d2"));
    expect(await numbers(rep, { ownerId: gid("User", otherRep.id) })).toEqual([]);
    expect(await numbers(finance, { customerId: customerOf.s2 })).toEqual(expected("s2"));
    expect(await numbers(gm, { signedFrom: "2026-11-23", signedTo: "2026-11-23" })).toEqual(expected("s1"));
    expect(await numbers(gm, { signedFrom: "2026-11-24" })).toEqual(expected("s2"));
    expect(await numbers(manager, { signedTo: "2026-11-24" })).toEqual(expected("s1"));
  });

  it("refuses a signing range that ends before it starts, and an unknown customer", async () => {
    const res = await app.gql(gm, CONTRACTS, { filter: { signedFrom: "2026-11-24", signedTo: "2026-11-01", customerId: gid("Customer", "nobody") } });
    const error = res.errors![0];
    expect(error.extensions?.code).toBe("ValidationError");
    expect(error.message).toBe("输入有误：签订截止日期不能早于签订起始日期（2026-11-24）；客户不存在");
  });

  it("pages with after", async () => {
    const first = (await app.ok(gm, CONTRACTS, { first: 3 })).contracts;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await app.ok(gm, CONTRACTS, { first: 3, after: first.pageInfo.endCursor })).contracts;
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect([...first.edges, ...rest.edges].map((e: any) => e.node.number)).toEqual(expected("s1", "d1", "s2", "d2"));
  });
});
