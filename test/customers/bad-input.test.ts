import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, CUSTOMER_FIELDS, customerInput } from "../support/fixtures";

let app: TestApp;
let admin: User;
let rep: User;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ roles: ["ADMIN"] });
  rep = await app.user({ locale: "en" });
});

const total = async () => (await app.deps.store.customers.page({ orgId: app.orgId, owners: "ALL", filter: {}, first: 200 })).items.length;

describe("bad input", () => {
  it("lists every field problem of a new customer at once, in the user's language, and writes nothing", async () => {
    // Prepare
    const before = await total();
    const input = customerInput({
      name: "  ",
      region: "x".repeat(51),
      creditCode: "91330200MA2AFXXX01",
      phone: "call me",
      contacts: [{ name: "周工", email: "zhou@", role: "DECISION_MAKER" }, { name: "" }],
      tags: Array.from({ length: 21 }, (_, i) => `标签${i}`),
    });

    // Act
    const res = await app.ok(rep, CREATE_CUSTOMER, { input });

    // Assess
    expect(res.createCustomer.__typename).toBe("ValidationError");
    const byPath = Object.fromEntries(res.createCustomer.fields.map((f: any) => [f.path.join("."), f.code]));
    expect(byPath).toEqual({
      name: "REQUIRED",
      region: "TOO_LONG",
      creditCode: "INVALID_CREDIT_CODE",
      phone: "INVALID_PHONE",
      "contacts.0.email": "INVALID_EMAIL",
      "contacts.1.name": "REQUIRED",
      tags: "TOO_MANY",
    });
    expect(res.createCustomer.fields.find((f: any) => f.path[0] === "creditCode").message).toContain("unified social credit code");
    expect(await total()).toBe(before);
  });

  it("refuses clearing a required field on update and keeps the customer as it was", async () => {
    const created = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ name: "温州必填校验阀门厂" }) })).createCustomer;
    const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { ${CUSTOMER_FIELDS} } }`;
    const res = await app.ok(rep, UPDATE, { input: { id: created.id, expectedVersion: 1, name: null, tier: null } });
    expect(res.updateCustomer.fields.map((f: any) => f.path[0]).sort()).toEqual(["name", "tier"]);
    const after = await app.ok(rep, `query($id: ID!) { customer(id: $id) { name version } }`, { id: created.id });
    expect(after.customer).toEqual({ name: "温州必填校验阀门厂", version: 1 });
  });

  it("rejects malformed ids as field errors", async () => {
    const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { ${CUSTOMER_FIELDS} } }`;
    const res = await app.ok(rep, UPDATE, { input: { id: "not-an-id", expectedVersion: 1, name: "x" } });
    expect(res.updateCustomer).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["id"], code: "INVALID_ID" }] });
  });

  it("checks follow-up times against the clock and the organization's calendar", async () => {
    const id = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
    const LOG = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { ${CUSTOMER_FIELDS} } }`;
    const future = await app.ok(rep, LOG, { input: { customerId: id, kind: "VISIT", note: "x", occurredAt: "2026-11-24T02:00:00Z", nextActionOn: "2026-11-01" } });
    expect(future.logFollowUp.fields.map((f: any) => f.code).sort()).toEqual(["IN_FUTURE", "IN_PAST"]);
    const badDate = await app.gql(rep, LOG, { input: { customerId: id, kind: "VISIT", note: "x", nextActionOn: "2026-13-45" } });
    expect(badDate.errors?.[0].message).toBe(`Variable "$input" got an invalid value at "input.nextActionOn": 2026-13-45 is not a real calendar day (YYYY-MM-DD).`);
  });

  it("refuses paging arguments out of range with a clear error", async () => {
    const tooMany = await app.gql(rep, `{ customers(first: 500) { edges { cursor } } }`);
    expect(tooMany.errors?.[0]).toMatchObject({ message: "first must be from 1 to 200", extensions: { code: "BAD_USER_INPUT" } });
    const badCursor = await app.gql(rep, `{ customers(after: "garbage!!") { edges { cursor } } }`);
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: "ValidationError", fields: [{ path: ["after"], code: "INVALID_CURSOR" }] });
    const backwards = await app.gql(rep, `{ customers(last: 5) { edges { cursor } } }`);
    expect(backwards.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("refuses an unknown time zone and negative release days for the organization", async () => {
    const res = await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 0, timeZone: "Mars/Olympus", releaseDays: { B: -1 } }) {
      __typename ... on ValidationError { fields { path code } } } }`);
    expect(res.updateOrganization.fields).toEqual([
      { path: ["timeZone"], code: "INVALID_TIME_ZONE" },
      { path: ["releaseDays", "B"], code: "OUT_OF_RANGE" },
    ]);
  });
});
