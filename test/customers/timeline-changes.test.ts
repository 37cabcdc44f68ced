import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";

let app: TestApp;
let rep: User;

const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename ... on Customer { version tier } ... on Error { message } } }`;
const TIMELINE = `query($id: ID!) { customer(id: $id) { timeline { edges { node { kind changes { field old new } } } } } }`;

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "陈刚" });
});

describe("updateCustomer on the timeline", () => {
  it("records only the tier when only the tier changes, however contacts, phone and website are stored", async () => {
    // Prepare: a customer with contacts, phone and website filled in
    const created = await app.ok(rep, CREATE_CUSTOMER, {
      input: customerInput({
        tier: "B",
        phone: "0574-8765 4321",
        website: "https://valve.example.com",
        tags: ["老客户", "石化"],
        contacts: [
          { role: "DECISION_MAKER", email: "Yu@Valve.example.com", phone: "13800001111", title: "设备部部长", name: "俞国平" },
          { name: "王工", title: null, phone: null, email: null, role: "TECHNICAL" },
        ],
      }),
    });
    const id = created.createCustomer.id;

    // Act: change the tier only
    const res = await app.ok(rep, UPDATE, { input: { id, expectedVersion: created.createCustomer.version, tier: "A" } });

    // Assess
    expect(res.updateCustomer).toMatchObject({ __typename: "Customer", tier: "A" });
    const tl = await app.ok(rep, TIMELINE, { id });
    expect(tl.customer.timeline.edges[0].node).toEqual({ kind: "UPDATED", changes: [{ field: "tier", old: "B", new: "A" }] });
  });

  it("records nothing and keeps the version when the same contacts are sent again in another key order", async () => {
    const created = await app.ok(rep, CREATE_CUSTOMER, {
      input: customerInput({ contacts: [{ name: "俞国平", title: "部长", phone: "13800001111", email: "yu@valve.example.com", role: "DECISION_MAKER" }] }),
    });
    const id = created.createCustomer.id;
    const res = await app.ok(rep, UPDATE, {
      input: { id, expectedVersion: 1, contacts: [{ role: "DECISION_MAKER", email: "yu@valve.example.com", phone: "13800001111", title: "部长", name: "俞国平" }] },
    });
    expect(res.updateCustomer.version).toBe(1);
    const tl = await app.ok(rep, TIMELINE, { id });
    expect(tl.customer.timeline.edges.map((e: any) => e.node.kind)).toEqual(["CREATED"]);
  });

  it("still records a real change inside the contacts", async () => {
    const created = await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ contacts: [{ name: "俞国平", phone: "13800001111" }] }) });
    const id = created.createCustomer.id;
    await app.ok(rep, UPDATE, { input: { id, expectedVersion: 1, contacts: [{ name: "俞国平", phone: "13800002222" }] } });
    const tl = await app.ok(rep, TIMELINE, { id });
    expect(tl.customer.timeline.edges[0].node.changes.map((c: any) => c.field)).toEqual(["contacts"]);
  });
});
