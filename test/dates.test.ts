import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../functions/core/user";
import { Checker } from "../functions/core/validate";
import { testApp, type TestApp } from "./support/app";
import { CREATE_CUSTOMER, customerInput } from "./support/fixtures";
import { newDeal, UPDATE } from "./support/pipeline";

let app: TestApp;
let rep: User;
let customerId: string;

const FOLLOW_UP = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename ... on Customer { nextActionOn } } }`;

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "陈刚" });
  customerId = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
});

describe("dates that do not exist", () => {
  it.each(["2026-02-30", "2026-13-01", "2025-02-29", "2026-04-31", "2026-00-10"])(
    "refuses %s as a next action date instead of rolling it over",
    async (day) => {
      // Act
      const res = await app.gql(rep, FOLLOW_UP, { input: { customerId, kind: "CALL", note: "电话", nextActionOn: day } });

      // Assess: refused before anything runs, naming the field and the day
      expect(res.data).toBeUndefined();
      expect(res.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0].message).toContain("input.nextActionOn");
      expect(res.errors?.[0].message).toContain(`${day}不是存在的日期`);
      const after = await app.ok(rep, `query($id: ID!) { customer(id: $id) { nextActionOn timeline { edges { node { kind } } } } }`, { id: customerId });
      expect(after.customer.nextActionOn).toBeNull();
      expect(after.customer.timeline.edges.map((e: any) => e.node.kind)).toEqual(["CREATED"]);
    },
  );

  it("refuses an impossible day written into the query itself, and accepts 29 February of a leap year", async () => {
    const literal = await app.gql(rep, `mutation { logFollowUp(input: { customerId: "${customerId}", kind: CALL, note: "电话", nextActionOn: "2026-02-30" }) { __typename } }`);
    expect(literal.errors?.[0].message).toContain("2026-02-30不是存在的日期");
    app.clock.set("2027-12-01T02:00:00Z");
    const leap = await app.ok(rep, FOLLOW_UP, { input: { customerId, kind: "CALL", note: "电话", nextActionOn: "2028-02-29" } });
    expect(leap.logFollowUp).toEqual({ __typename: "Customer", nextActionOn: "2028-02-29" });
    app.clock.set("2026-11-23T02:00:00Z");
  });

  it("refuses 2026-02-30 as a deal's expected close date and as a list filter", async () => {
    const id = await newDeal(app, rep);
    const got = await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { version } }`, { id });
    const res = await app.gql(rep, UPDATE, { input: { id, expectedVersion: got.opportunity.version, expectedCloseOn: "2026-02-30" } });
    expect(res.errors?.[0].message).toContain("input.expectedCloseOn");
    expect(res.errors?.[0].message).toContain("2026-02-30不是存在的日期");
    const list = await app.gql(rep, `query { opportunities(filter: { closeFrom: "2026-02-30" }) { edges { node { id } } } }`);
    expect(list.errors?.[0].message).toContain("2026-02-30不是存在的日期");
  });

  it("has the domain's own check refuse it too, with the field path and a localized message", () => {
    const c = new Checker();
    expect(c.day("signedOn", "2026-02-30")).toBeUndefined();
    expect(c.day("validUntil", "2025-02-29")).toBeUndefined();
    expect(c.day("expectedCloseOn", "2028-02-29")).toBe("2028-02-29");
    expect(c.issues.map((i) => [i.path.join("."), i.code, i.text.zh])).toEqual([
      ["signedOn", "INVALID_DATE", "2026-02-30不是存在的日期（格式为 YYYY-MM-DD）"],
      ["validUntil", "INVALID_DATE", "2025-02-29不是存在的日期（格式为 YYYY-MM-DD）"],
    ]);
  });

  it.each(["2026-02-30T10:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23 10:00", "Nov 23 2026"])(
    "refuses %s as the time a follow-up happened instead of rolling it over or guessing the zone",
    async (value) => {
      const res = await app.gql(rep, FOLLOW_UP, { input: { customerId, kind: "CALL", note: "电话", occurredAt: value } });
      expect(res.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0].message).toContain(`变量 $input 的值无效（input.occurredAt）：${value}不是有效的时间`);
    },
  );

  it("takes an instant with its offset", async () => {
    app.clock.set("2026-11-23T02:00:00Z");
    const fresh = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
    const res = await app.ok(rep, `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { ... on Customer { lastFollowUpAt } } }`, {
      input: { customerId: fresh, kind: "CALL", note: "电话", occurredAt: "2026-11-23T09:30:00+08:00" },
    });
    expect(res.logFollowUp.lastFollowUpAt).toBe("2026-11-23T01:30:00.000Z");
  });
});
