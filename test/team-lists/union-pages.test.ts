import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { CUSTOMERS } from "./support";

/**
 * A rep's list is the union of their own customers and the pool. A process remembers how much of
 * the last page each part gave and asks each for about that much (store/page-edges.ts): the pages
 * must stay exactly right when the mix changes under it.
 */
let app: TestApp;
let admin: User;
let rep: User;
/** Names in the order they were created, newest last: the rep sees their own and the pool's. */
const visible: string[] = [];

async function create(by: User, name: string, inPool: boolean) {
  const res = await app.ok(by, CREATE_CUSTOMER, { input: customerInput({ name, ...(inPool ? { inPool: true } : {}) }) });
  if (res.createCustomer.__typename !== "Customer") throw new Error(JSON.stringify(res.createCustomer));
  visible.push(name);
}

const page = async (first: number, after?: string | null) => (await app.ok(rep, CUSTOMERS, { first, after })).customers;
const names = (p: { edges: { node: { name: string } }[] }) => p.edges.map((e) => e.node.name);
const newest = (n: number) => [...visible].reverse().slice(0, n);

async function itemsReadBy(request: () => Promise<unknown>): Promise<number> {
  const before = app.db.stats.itemsRead;
  await request();
  return app.db.stats.itemsRead - before;
}

beforeAll(async () => {
  // Prepare: the rep's 25 customers, then 40 newer ones in the pool.
  app = await testApp();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  rep = await app.user({ name: "销售甲" });
  const other = await app.user({ name: "销售乙" });
  for (let i = 0; i < 25; i++) await create(rep, `甲的客户${i}`, false);
  for (let i = 0; i < 40; i++) await create(admin, `公海客户${i}`, true);
  await app.ok(other, CREATE_CUSTOMER, { input: customerInput({ name: "乙的客户" }) }); // not the rep's to see
});

describe("a rep's first page, own customers and the pool", () => {
  it("reads fewer items the second time, and shows the same page", async () => {
    // Act
    let first: string[] = [];
    const cold = await itemsReadBy(async () => void (first = names(await page(20))));
    let second: string[] = [];
    const warm = await itemsReadBy(async () => void (second = names(await page(20))));
    // Assess
    expect(first).toEqual(newest(20));
    expect(second).toEqual(first);
    expect(warm).toBeLessThan(cold);
  });

  it("still shows every one of the rep's new customers when they suddenly fill the page", async () => {
    await page(20); // the page's edge is remembered: all of it from the pool
    // Act: 15 new customers of the rep's, newer than any in the pool
    for (let i = 0; i < 15; i++) await create(rep, `甲的新客户${i}`, false);
    const after = await page(20);
    // Assess
    expect(names(after)).toEqual(newest(20));
    expect(after.pageInfo.hasNextPage).toBe(true);
  });

  it("still shows the pool's customers when the pool suddenly fills the page again", async () => {
    await page(20); // the edge is remembered: now mostly the rep's
    for (let i = 0; i < 15; i++) await create(admin, `新公海客户${i}`, true);
    expect(names(await page(20))).toEqual(newest(20));
  });

  it("pages through everything the rep may see exactly once, in order, whatever the page size", async () => {
    for (const size of [7, 50, 3]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (;;) {
        const p = await page(size, cursor);
        seen.push(...names(p));
        if (!p.pageInfo.hasNextPage) break;
        cursor = p.pageInfo.endCursor;
      }
      expect(seen).toEqual(newest(visible.length));
    }
  });
});

describe("when customers before the remembered edge go away", () => {
  it("fills the page from past the edge", async () => {
    const before = names(await page(10));
    // Act: another rep takes the ten newest from the pool
    const other = await app.user({ name: "销售丙" });
    const ids = (await app.ok(admin, `query { customers(first: 10, filter: { inPool: true }) { edges { node { id name } } } }`)).customers.edges.map((e: any) => e.node);
    expect(ids.map((n: any) => n.name)).toEqual(before);
    for (const { id } of ids) {
      const res = await app.ok(other, `mutation($id: ID!) { claimCustomer(id: $id) { __typename } }`, { id });
      expect(res.claimCustomer.__typename).toBe("Customer");
    }
    visible.splice(0, visible.length, ...visible.filter((n) => !before.includes(n)));
    // Assess
    expect(names(await page(10))).toEqual(newest(10));
  });
});

describe("a search across own customers and the pool", () => {
  it("shows a new match that lands before the remembered edge", async () => {
    const search = async () => names((await app.ok(rep, CUSTOMERS, { first: 5, filter: { search: "甲的" } })).customers);
    const matches = () => newest(visible.length).filter((n) => n.includes("甲的")).slice(0, 5);
    expect(await search()).toEqual(matches());
    expect(await search()).toEqual(matches());
    // Act: a new match, newer than everything
    await create(rep, "甲的又一个客户", false);
    // Assess
    expect(await search()).toEqual(matches());
  });
});
