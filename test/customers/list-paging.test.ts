import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";

const LIST = `query($first: Int, $after: String) {
  customers(first: $first, after: $after) { edges { node { name inPool } } pageInfo { hasNextPage endCursor } } }`;

let app: TestApp;
let admin: User;
let rep: User;

async function create(owner: User, name: string, inPool = false) {
  const res = await app.ok(owner, CREATE_CUSTOMER, { input: customerInput({ name, ...(inPool ? { inPool: true } : {}) }) });
  if (res.createCustomer.__typename !== "Customer") throw new Error(JSON.stringify(res.createCustomer));
}

/** Every page of `first` in turn: the names on each. */
async function walk(viewer: User, first: number) {
  const pages: string[][] = [];
  let after: string | null = null;
  for (;;) {
    const res: any = await app.ok(viewer, LIST, { first, after });
    pages.push(res.customers.edges.map((e: any) => e.node.name));
    if (!res.customers.pageInfo.hasNextPage) return { pages };
    after = res.customers.pageInfo.endCursor;
  }
}

/** Names newest first, as one page of everything shows them. */
async function everything(viewer: User): Promise<string[]> {
  const res = await app.ok(viewer, LIST, { first: 200 });
  return res.customers.edges.map((e: any) => e.node.name);
}

beforeAll(async () => {
  // Prepare: a rep's 22 older customers, then the pool fills: their first page is all pool while they take on nobody new.
  app = await testApp();
  admin = await app.user({ roles: ["ADMIN"] });
  rep = await app.user({ name: "王丽" });
  for (let i = 0; i < 22; i++) await create(rep, `王丽旧客户${String(i).padStart(2, "0")}`);
  for (let i = 0; i < 25; i++) await create(admin, `公海客户${String(i).padStart(2, "0")}`, true);
});

describe("a rep's customer list merged from two partitions (own customers plus the pool)", () => {
  it("shows every customer once, in order and in full pages, when the rep's own list suddenly fills the first page", async () => {
    // Prepare: the rep's first page is all pool ...
    await walk(rep, 20);
    // ... then the rep takes on 12 new customers, newer than the whole pool.
    for (let i = 0; i < 12; i++) await create(rep, `王丽新客户${String(i).padStart(2, "0")}`);

    // Act
    const { pages } = await walk(rep, 20);

    // Assess: pages of 20 (the last one the rest) that add up to the whole list, nothing twice.
    const all = await everything(rep);
    expect(all).toHaveLength(59);
    expect(pages.map((p) => p.length)).toEqual([20, 20, 19]);
    expect(pages.flat()).toEqual(all);
    expect(pages[0].slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => `王丽新客户${String(11 - i).padStart(2, "0")}`));
  });

  it("pages correctly in small pages across the boundary between the two lists", async () => {
    const all = await everything(rep);
    for (const first of [3, 7, 13]) {
      const { pages } = await walk(rep, first);
      expect(pages.flat()).toEqual(all);
      expect(pages.slice(0, -1).every((p) => p.length === first)).toBe(true);
    }
  });
});
