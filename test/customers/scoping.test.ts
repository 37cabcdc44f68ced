import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";

let app: TestApp;
let admin: User;
let gm: User;
let finance: User;
let director: User;
let manager: User;
let alice: User;
let bob: User;
let otherTeamRep: User;
const names: Record<string, string[]> = {};

const LIST = `query($first: Int, $after: String, $filter: CustomerFilter) {
  customers(first: $first, after: $after, filter: $filter) { edges { cursor node { name tier owner { name } } } pageInfo { hasNextPage endCursor } } }`;

async function namesFor(viewer: User, filter: Record<string, unknown> = {}) {
  const res = await app.ok(viewer, LIST, { first: 200, filter });
  return res.customers.edges.map((e: any) => e.node.name).sort();
}

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ roles: ["ADMIN"] });
  gm = await app.user({ roles: ["GM"] });
  finance = await app.user({ roles: ["FINANCE"] });
  director = await app.user({ name: "总监", roles: ["MANAGER"] });
  manager = await app.user({ name: "经理", roles: ["MANAGER"], managerId: director.id });
  alice = await app.user({ name: "王丽", managerId: manager.id });
  bob = await app.user({ name: "陈刚", managerId: manager.id });
  otherTeamRep = await app.user({ name: "外队", managerId: null });
  const make = async (owner: User, name: string, extra: Record<string, unknown> = {}) => {
    await app.ok(owner, CREATE_CUSTOMER, { input: customerInput({ name, ...extra }) });
    (names[owner.id] ??= []).push(name);
  };
  await make(alice, "王丽客户甲", { tier: "A", region: "华东" });
  await make(alice, "王丽客户乙", { tier: "C", region: "华南", contacts: [{ name: "周工", phone: "138-0571-0000" }] });
  await make(bob, "陈刚客户甲", { tier: "A", region: "华南" });
  await make(manager, "经理客户甲", { tier: "B", industry: "电力" });
  await make(otherTeamRep, "外队客户甲", { tier: "A" });
  await make(admin, "公海客户甲", { inPool: true, tier: "A" });
  await make(admin, "公海客户乙", { inPool: true, tier: "B", tags: ["老客户转介绍"] });
});

const POOL = ["公海客户乙", "公海客户甲"].sort();
const ALL = ["王丽客户甲", "王丽客户乙", "陈刚客户甲", "经理客户甲", "外队客户甲", ...POOL].sort();

describe("customers: who sees what", () => {
  it("shows a rep their own customers and the pool, nobody else's", async () => {
    expect(await namesFor(alice)).toEqual(["王丽客户甲", "王丽客户乙", ...POOL].sort());
  });

  it("shows a manager their team's (at any depth), their own and the pool", async () => {
    expect(await namesFor(manager)).toEqual(["王丽客户甲", "王丽客户乙", "陈刚客户甲", "经理客户甲", ...POOL].sort());
    expect(await namesFor(director)).toEqual(["王丽客户甲", "王丽客户乙", "陈刚客户甲", "经理客户甲", ...POOL].sort());
  });

  it("shows ADMIN, GM and finance everything", async () => {
    for (const viewer of [admin, gm, finance]) expect(await namesFor(viewer)).toEqual(ALL);
  });

  it("returns null for a customer outside the viewer's scope, by id and through node()", async () => {
    const res = await app.ok(admin, LIST, { first: 200, filter: { search: "外队客户甲" } });
    const id = (await app.ok(admin, `{ customers(filter: { search: "外队客户甲" }) { edges { node { id } } } }`)).customers.edges[0].node.id;
    expect(res.customers.edges).toHaveLength(1);
    expect((await app.ok(alice, `query($id: ID!) { customer(id: $id) { name } }`, { id })).customer).toBeNull();
    expect((await app.ok(alice, `query($id: ID!) { node(id: $id) { id } }`, { id })).node).toBeNull();
    expect((await app.ok(admin, `query($id: ID!) { node(id: $id) { ... on Customer { name } } }`, { id })).node).toEqual({ name: "外队客户甲" });
  });

  it("filters by tier, region, industry, owner, pool and search, within the scope", async () => {
    expect(await namesFor(alice, { tier: "A" })).toEqual(["王丽客户甲", "公海客户甲"].sort());
    expect(await namesFor(admin, { region: "华南" })).toEqual(["王丽客户乙", "陈刚客户甲"].sort());
    expect(await namesFor(manager, { industry: "电力" })).toEqual(["经理客户甲"]);
    expect(await namesFor(manager, { ownerId: gid("User", bob.id) })).toEqual(["陈刚客户甲"]);
    expect(await namesFor(alice, { ownerId: gid("User", bob.id) })).toEqual([]);
    expect(await namesFor(alice, { inPool: true })).toEqual(POOL);
    expect(await namesFor(alice, { inPool: false })).toEqual(["王丽客户甲", "王丽客户乙"].sort());
    expect(await namesFor(admin, { inPool: false })).toEqual(ALL.filter((n) => !POOL.includes(n)));
    expect(await namesFor(alice, { search: "周工" })).toEqual(["王丽客户乙"]);
    expect(await namesFor(alice, { search: "13805710000" })).toEqual(["王丽客户乙"]);
    expect(await namesFor(bob, { search: "转介绍" })).toEqual(["公海客户乙"]);
    expect(await namesFor(bob, { search: "周工" })).toEqual([]);
  });

  it("pages through a merged list without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: any = await app.ok(manager, LIST, { first: 2, after });
      seen.push(...res.customers.edges.map((e: any) => e.node.name));
      if (!res.customers.pageInfo.hasNextPage) break;
      after = res.customers.pageInfo.endCursor;
    }
    expect(seen.slice().sort()).toEqual(await namesFor(manager));
    expect(new Set(seen).size).toBe(seen.length);
  });
});
