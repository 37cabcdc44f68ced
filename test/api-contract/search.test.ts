import { decodeGlobalID } from "@pothos/plugin-relay";
import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { testApp, type TestApp } from "../support/app";

let app: TestApp;
let rep: User;
let english: User;
const ids: Record<string, string> = {};

const SEARCH = `query($s: String) { customers(first: 50, filter: { search: $s }) { edges { node { id name } } } }`;
const names = async (s: string, as: User = rep) => ((await app.ok(as, SEARCH, { s })).customers.edges as { node: { name: string } }[]).map((e) => e.node.name).sort();

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "王丽" });
  english = await app.user({ name: "David Lin", locale: "en" });
  for (const name of ["宁波北仑热力有限公司", "宁波捷锐流体控制有限公司", "杭州热电集团有限公司", "重庆长江阀门有限公司"]) {
    ids[name] = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ name }) })).createCustomer.id;
  }
});

describe("customer search", () => {
  it("refuses a search longer than 100 characters as a ValidationError, not an internal error", async () => {
    const out = await app.gql(rep, SEARCH, { s: "阀".repeat(1024 * 1024) });
    expect(out.errors?.[0]).toMatchObject({
      message: "输入有误：搜索词不能超过100个字符",
      extensions: { code: "ValidationError", fields: [{ path: ["filter", "search"], code: "TOO_LONG" }] },
    });
    const en = await app.gql(english, SEARCH, { s: "x".repeat(101) });
    expect(en.errors?.[0].message).toBe("Invalid input: search must be at most 100 characters");
    expect(await names("阀".repeat(100))).toEqual([]);
    const products = await app.gql(rep, `query($s: String) { products(filter: { search: $s }) { edges { node { id } } } }`, { s: "x".repeat(1024 * 1024) });
    expect(products.errors?.[0]).toMatchObject({ message: "输入有误：搜索词不能超过100个字符", extensions: { code: "ValidationError" } });
  });

  it("finds every word in any order", async () => {
    expect(await names("北仑 热力")).toEqual(["宁波北仑热力有限公司"]);
    expect(await names("热力　北仑")).toEqual(["宁波北仑热力有限公司"]);
    expect(await names("热 有限公司")).toEqual(["宁波北仑热力有限公司", "杭州热电集团有限公司"]);
    expect(await names("北仑 杭州")).toEqual([]);
  });

  it("finds a customer by the pinyin initials of its name", async () => {
    expect(await names("nbjr")).toEqual(["宁波捷锐流体控制有限公司"]);
    expect(await names("NBJR")).toEqual(["宁波捷锐流体控制有限公司"]);
    expect(await names("cqcj")).toEqual(["重庆长江阀门有限公司"]);
    expect(await names("nb")).toEqual(["宁波北仑热力有限公司", "宁波捷锐流体控制有限公司"]);
  });

  it("customers saved before initials were searchable are found after the next sweep", async () => {
    // Prepare: the customer as stored before this change (search text without initials).
    const id = decodeGlobalID(ids["杭州热电集团有限公司"]).id;
    const [stored] = await app.deps.store.customers.getMany([id]);
    await app.deps.store.customerSearch.rewrite(id, stored!.version, "杭州热电集团有限公司");
    expect(await names("hzrd")).toEqual([]);

    // Act
    await runScheduledJobs(app.deps);

    // Assess
    expect(await names("hzrd")).toEqual(["杭州热电集团有限公司"]);
    expect(await names("杭州 热电")).toEqual(["杭州热电集团有限公司"]);
  });
});
