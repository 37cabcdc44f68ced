import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";

/** `customer(id) { timeline }` reads the timeline while it checks the viewer may see the customer: what it shows must not change. */
let app: TestApp;
let owner: User;
let stranger: User;
let customerId: string;

const FOLLOW_UP = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename ... on Error { message } } }`;

beforeAll(async () => {
  app = await testApp();
  owner = await app.user({ name: "钱多多" });
  stranger = await app.user({ name: "孙路人" });
  customerId = (await app.ok(owner, CREATE_CUSTOMER, { input: customerInput({ name: "湖州预读阀门有限公司" }) })).createCustomer.id;
  for (const note of ["第一次拜访", "第二次拜访", "第三次拜访"]) {
    app.clock.advance(60_000);
    const r = await app.ok(owner, FOLLOW_UP, { input: { customerId, kind: "VISIT", note} });
    expect(r.logFollowUp.__typename).not.toMatch(/Error$/);
  }
});

describe("a customer's timeline read alongside the customer", () => {
  it("gives the same page however the client asks: literal, variable, fragment", async () => {
    const literal = await app.ok(owner, `query($id: ID!) { customer(id: $id) { name timeline(first: 2) { edges { node { note } } } } }`, { id: customerId });
    const variable = await app.ok(owner, `query($id: ID!, $n: Int) { customer(id: $id) { timeline(first: $n) { edges { node { note } } } } }`, { id: customerId, n: 2 });
    const fragment = await app.ok(owner, `query($id: ID!) { customer(id: $id) { ...screen } } fragment screen on Customer { timeline(first: 2) { edges { node { note } } } }`, { id: customerId });

    const notes = (r: any) => r.customer.timeline.edges.map((e: any) => e.node.note);
    expect(notes(literal)).toEqual(["第三次拜访", "第二次拜访"]);
    expect(notes(variable)).toEqual(notes(literal));
    expect(notes(fragment)).toEqual(notes(literal));
  });

  it("shows nothing of a customer the viewer may not see, though its timeline was read", async () => {
    const res = await app.gql(stranger, `query($id: ID!) { customer(id: $id) { timeline { edges { node { note } } } } }`, { id: customerId });
    expect(res.errors).toBeUndefined();
    expect(res.data.customer).toBeNull();
    expect(JSON.stringify(res)).not.toContain("拜访");
  });

  it("still refuses a bad cursor on the timeline", async () => {
    const res = await app.gql(owner, `query($id: ID!) { customer(id: $id) { timeline(after: "!!") { edges { node { note } } } } }`, { id: customerId });
    expect(res.errors?.[0].extensions?.code).toBe("ValidationError");
  });
});
