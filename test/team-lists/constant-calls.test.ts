import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { CUSTOMERS, DEALS, callsOf, customerNames, customerWithDeal, dealTitles } from "./support";

let app: TestApp;
let admin: User;
let director: User;
let small: User;
let big: User;
let smallTeam: User[];
let bigTeam: User[];
let outsider: User;
const POOL = ["公海·甲", "公海·乙"];
const seen: Record<string, { customers: string[]; deals: string[]; tierA: string[] }> = {};
const fallbackCalls: Record<string, number> = {};

const customersOf = (...owners: User[]) => owners.map((o) => `客户·${o.name}·1`);
const dealsOf = (...owners: User[]) => owners.map((o) => `商机·${o.name}·1`);
const firstPage = (viewer: User, query: string) => () => app.ok(viewer, query, { first: 50 });

beforeAll(async () => {
  // Prepare: a director over a manager of 3; a manager of 12; everyone holds a customer with a deal.
  app = await testApp();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  director = await app.user({ name: "总监", roles: ["MANAGER"] });
  small = await app.user({ name: "小组经理", roles: ["MANAGER"], managerId: director.id });
  big = await app.user({ name: "大组经理", roles: ["MANAGER"] });
  smallTeam = await Promise.all([0, 1, 2].map((i) => app.user({ name: `小组${i}`, managerId: small.id })));
  bigTeam = await Promise.all(Array.from({ length: 12 }, (_, i) => app.user({ name: `大组${i}`, managerId: big.id })));
  outsider = await app.user({ name: "外队" });
  for (const [i, owner] of [director, small, big, ...smallTeam, ...bigTeam, outsider].entries()) {
    await customerWithDeal(app, owner, "1", { tier: i % 2 ? "A" : "B" });
  }
  for (const name of POOL) await app.ok(admin, CREATE_CUSTOMER, { input: customerInput({ name, inPool: true, tier: "A" }) });
  // What each manager saw before their team's items were filed, and what that cost.
  for (const viewer of [director, small, big, smallTeam[0]]) {
    seen[viewer.id] = { customers: await customerNames(app, viewer), deals: await dealTitles(app, viewer), tierA: await customerNames(app, viewer, { tier: "A" }) };
  }
  fallbackCalls.customers = await callsOf(app, firstPage(big, CUSTOMERS));
  fallbackCalls.deals = await callsOf(app, firstPage(big, DEALS));
  // The first sweep gives the older items their team key.
  await runScheduledJobs(app.deps);
});

describe("a manager's first page of customers and deals", () => {
  it("costs the same DynamoDB calls for a team of 3 as for a team of 12, fewer than one per person", async () => {
    await firstPage(small, CUSTOMERS)(); // the filing marker, once read, is kept a minute
    // Act
    const customers = [await callsOf(app, firstPage(small, CUSTOMERS)), await callsOf(app, firstPage(big, CUSTOMERS))];
    const deals = [await callsOf(app, firstPage(small, DEALS)), await callsOf(app, firstPage(big, DEALS))];
    // Assess
    expect(customers[0]).toBe(customers[1]);
    expect(deals[0]).toBe(deals[1]);
    // Sign-in, directory, organization settings (customers), own, pool (customers), team.
    expect(customers[1]).toBeLessThanOrEqual(6);
    expect(deals[1]).toBeLessThanOrEqual(4);
    expect(customers[1]).toBeLessThan(fallbackCalls.customers);
    expect(deals[1]).toBeLessThan(fallbackCalls.deals);
  });

  it("adds one partition per manager below, not per person: a director over a manager of 3 costs one call more", async () => {
    expect(await callsOf(app, firstPage(director, CUSTOMERS))).toBe((await callsOf(app, firstPage(small, CUSTOMERS))) + 1);
  });

  it("lists exactly what each viewer saw before: reports at any depth, their own, the pool", async () => {
    expect(await customerNames(app, small)).toEqual([...customersOf(small, ...smallTeam), ...POOL].sort());
    expect(await customerNames(app, big)).toEqual([...customersOf(big, ...bigTeam), ...POOL].sort());
    expect(await customerNames(app, director)).toEqual([...customersOf(director, small, ...smallTeam), ...POOL].sort());
    expect(await dealTitles(app, director)).toEqual(dealsOf(director, small, ...smallTeam).sort());
    for (const viewer of [director, small, big, smallTeam[0]]) {
      expect(await customerNames(app, viewer)).toEqual(seen[viewer.id].customers);
      expect(await dealTitles(app, viewer)).toEqual(seen[viewer.id].deals);
      expect(await customerNames(app, viewer, { tier: "A" })).toEqual(seen[viewer.id].tierA);
    }
  });

  it("keeps the filters: pool only, owned only, search, and one owner", async () => {
    expect(await customerNames(app, big, { inPool: true })).toEqual(POOL.sort());
    expect(await customerNames(app, big, { inPool: false })).toEqual(customersOf(big, ...bigTeam).sort());
    expect(await customerNames(app, director, { search: "小组1" })).toEqual(customersOf(smallTeam[1]));
    expect(await customerNames(app, big, { search: "小组1" })).toEqual([]);
  });

  it("pages through the whole team in order without repeats or gaps", async () => {
    const names: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: any = await app.ok(big, CUSTOMERS, { first: 4, after });
      names.push(...res.customers.edges.map((e: any) => e.node.name));
      after = res.customers.pageInfo.endCursor;
      if (!res.customers.pageInfo.hasNextPage) break;
    }
    expect(names).toHaveLength(new Set(names).size);
    expect(names.sort()).toEqual([...customersOf(big, ...bigTeam), ...POOL].sort());
  });
});
