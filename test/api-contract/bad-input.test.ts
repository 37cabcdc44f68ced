import { encodeGlobalID } from "@pothos/plugin-relay";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { CREATE_CUSTOMER, customerInput, heldBy } from "../support/fixtures";
import { testApp, type TestApp } from "../support/app";
import { newDeal } from "../support/pipeline";

let app: TestApp;
let rep: User;
let english: User;
let customerId: string;
let englishCustomerId: string;

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "王丽" });
  english = await app.user({ name: "David Lin", locale: "en" });
  customerId = await heldBy(app, rep);
  englishCustomerId = await heldBy(app, english);
});

describe("a cursor this API did not issue is a ValidationError on `after`", () => {
  it.each([
    ["customers", `query($after: String) { customers(first: 5, after: $after) { edges { node { id } } } }`],
    ["a customer's timeline", `query($id: ID!, $after: String) { customer(id: $id) { timeline(first: 5, after: $after) { edges { node { kind } } } } }`],
    ["a customer's deals", `query($id: ID!, $after: String) { customer(id: $id) { opportunities(first: 5, after: $after) { edges { node { id } } } } }`],
    ["users", `query($after: String) { users(first: 5, after: $after) { edges { node { id } } } }`],
  ])("%s", async (_, query) => {
    for (const after of ["!!!", "abc", "bm90IGJhc2U2NA=="]) {
      const out = await app.gql(rep, query, { id: customerId, after });
      expect(out.errors?.[0]).toMatchObject({
        message: "输入有误：翻页游标（after）无效，请使用本接口返回的 endCursor",
        extensions: { code: "ValidationError", fields: [{ path: ["after"], code: "INVALID_CURSOR" }] },
      });
    }
    const en = await app.gql(english, query, { id: englishCustomerId, after: "!!!" });
    expect(en.errors?.[0].message).toBe("Invalid input: the cursor (after) is not one this API issued; pass a returned endCursor");
  });
});

describe("a cursor of another list, or made up, is refused too", () => {
  const CUSTOMERS = `query($after: String) { customers(first: 1, after: $after) { edges { node { id } } pageInfo { endCursor } } }`;
  const DEALS = `query($id: ID!, $after: String) { customer(id: $id) { opportunities(first: 5, after: $after) { edges { node { id } } } } }`;
  const TIMELINE = `query($id: ID!, $after: String) { customer(id: $id) { timeline(first: 1, after: $after) { edges { node { kind } } pageInfo { endCursor } } } }`;

  it("a customers cursor is not a position in a timeline or among deals, nor the reverse; each list takes its own", async () => {
    const customersCursor = (await app.ok(rep, CUSTOMERS)).customers.pageInfo.endCursor;
    const timelineCursor = (await app.ok(rep, TIMELINE, { id: customerId })).customer.timeline.pageInfo.endCursor;
    expect(customersCursor).toBeTruthy();
    expect(timelineCursor).toBeTruthy();
    // Act / Assess: each cursor on the other lists
    for (const [query, after] of [[TIMELINE, customersCursor], [DEALS, customersCursor], [CUSTOMERS, timelineCursor]]) {
      const out = await app.gql(rep, query, { id: customerId, after });
      expect(out.errors?.[0].extensions).toMatchObject({ code: "ValidationError", fields: [{ path: ["after"], code: "INVALID_CURSOR" }] });
    }
    // and on its own list, it pages on
    expect((await app.gql(rep, CUSTOMERS, { after: customersCursor })).errors).toBeUndefined();
    expect((await app.gql(rep, TIMELINE, { id: customerId, after: timelineCursor })).errors).toBeUndefined();
  });

  it("well-formed base64 the API never gave out is refused, not read as a position", async () => {
    const madeUp = ["Zm9v", Buffer.from("01KYX2DQRX4BKS2C9GA9961ASF").toString("base64url"), Buffer.from("customers\n").toString("base64url")];
    for (const after of madeUp) {
      const out = await app.gql(rep, CUSTOMERS, { after });
      expect(out.errors?.[0].extensions).toMatchObject({ code: "ValidationError", fields: [{ path: ["after"], code: "INVALID_CURSOR" }] });
    }
  });
});

describe("stalled deals page apart from the deals list", () => {
  const DEALS = `query($after: String, $stalled: Boolean) { opportunities(first: 1, after: $after, filter: { stalled: $stalled }) { edges { node { id } } pageInfo { endCursor } } }`;

  it("a stalled list's cursor (ordered by stage entry) is no position in the list by closing date, nor the reverse", async () => {
    // Prepare: two deals of a rep of their own, left in their stage well past its limit
    const before = app.clock.now().toISOString();
    const seller = await app.user({ name: "孙涛" });
    app.clock.set("2026-11-02T02:00:00Z");
    await newDeal(app, seller);
    await newDeal(app, seller);
    app.clock.set("2026-11-30T02:00:00Z");
    try {
      const page = async (stalled: boolean, after?: string) => (await app.ok(seller, DEALS, { stalled, after })).opportunities;
      const stalledCursor = (await page(true)).pageInfo.endCursor;
      const plainCursor = (await page(false)).pageInfo.endCursor;
      expect(stalledCursor).toBeTruthy();

      // Act / Assess: each cursor on the other list is refused
      for (const [stalled, after] of [[false, stalledCursor], [true, plainCursor]] as const) {
        const out = await app.gql(seller, DEALS, { stalled, after });
        expect(out.errors?.[0].extensions).toMatchObject({ code: "ValidationError", fields: [{ path: ["after"], code: "INVALID_CURSOR" }] });
      }
      // and each pages on in its own list to the other deal
      expect((await page(true, stalledCursor)).edges).toHaveLength(1);
      expect((await page(false, plainCursor)).edges).toHaveLength(1);
    } finally {
      app.clock.set(before);
    }
  });
});

describe("node(id) and nodes(ids) of an unknown type or a malformed id are null", () => {
  it("answers null without an error, and still finds the real ones", async () => {
    const junk = [encodeGlobalID("Foo", "1"), encodeGlobalID("Money", "1"), "!!!", "x", ""];
    for (const id of junk) {
      const out = await app.gql(rep, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(out).toMatchObject({ data: { node: null } });
      expect(out.errors).toBeUndefined();
    }
    const many = await app.gql(rep, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [...junk, customerId] });
    expect(many.errors).toBeUndefined();
    expect(many.data.nodes).toEqual([null, null, null, null, null, { id: customerId }]);
  });
});

describe("no name suggestions in coercion errors", () => {
  it("an unknown enum value, literal or variable, does not suggest names", async () => {
    const literal = await app.gql(rep, `{ customers(filter: { tier: AA }) { edges { node { id } } } }`);
    expect(literal.errors?.[0].message).toBe("AA 不是 Tier 的可选值。");
    const variable = await app.gql(rep, CREATE_CUSTOMER, { input: customerInput({ tier: "AA" }) });
    expect(variable.errors?.[0].message).toMatch(/AA 不是 Tier 的可选值/);
    const unknownField = await app.gql(rep, CREATE_CUSTOMER, { input: { ...customerInput(), nmae: "x" } });
    for (const e of [...(variable.errors ?? []), ...(unknownField.errors ?? [])]) expect(e.message).not.toMatch(/Did you mean/);
    expect(unknownField.errors?.[0].message).toMatch(/nmae/);
  });
});
