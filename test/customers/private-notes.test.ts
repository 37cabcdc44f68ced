import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";

let app: TestApp;
let admin: User;
let manager: User;
let rep: User;
let customerId: string;

const NOTE = `mutation($input: AddPrivateNoteInput!) { addPrivateNote(input: $input) { __typename ... on Activity { kind note isPrivate actor { name } } ... on Error { message } } }`;
const TIMELINE = `query($id: ID!) { customer(id: $id) { timeline { edges { node { kind note summary isPrivate } } } } }`;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ roles: ["ADMIN"] });
  manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
  rep = await app.user({ name: "王丽", managerId: manager.id });
  customerId = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ name: "嘉兴私密备注阀门有限公司" }) })).createCustomer.id;
});

describe("private notes", () => {
  it("shows the author their note on the timeline", async () => {
    const res = await app.ok(rep, NOTE, { input: { customerId, text: "采购总监喜欢喝龙井,下次带茶叶" } });
    expect(res.addPrivateNote).toEqual({ __typename: "Activity", kind: "PRIVATE_NOTE", note: "采购总监喜欢喝龙井,下次带茶叶", isPrivate: true, actor: { name: "王丽" } });
    const tl = await app.ok(rep, TIMELINE, { id: customerId });
    expect(tl.customer.timeline.edges.map((e: any) => e.node.note)).toContain("采购总监喜欢喝龙井,下次带茶叶");
  });

  it("hides it from the rep's manager and from ADMIN, on the timeline and in search", async () => {
    await app.ok(manager, NOTE, { input: { customerId, text: "经理自己的备注" } });
    for (const viewer of [manager, admin]) {
      const tl = await app.ok(viewer, TIMELINE, { id: customerId });
      const notes = tl.customer.timeline.edges.map((e: any) => e.node);
      expect(notes.some((n: any) => n.note?.includes("龙井"))).toBe(false);
      expect(JSON.stringify(tl)).not.toContain("龙井");
    }
    const managerView = await app.ok(manager, TIMELINE, { id: customerId });
    expect(managerView.customer.timeline.edges.filter((e: any) => e.node.isPrivate).map((e: any) => e.node.note)).toEqual(["经理自己的备注"]);
    const repView = await app.ok(rep, TIMELINE, { id: customerId });
    expect(JSON.stringify(repView)).not.toContain("经理自己的备注");

    const search = await app.ok(admin, `{ customers(filter: { search: "龙井" }) { edges { node { id } } } }`);
    expect(search.customers.edges).toEqual([]);
  });

  it("is refused on a customer the author cannot see, and needs text", async () => {
    const stranger = await app.user({ name: "外人" });
    const res = await app.ok(stranger, NOTE, { input: { customerId, text: "偷看" } });
    expect(res.addPrivateNote.__typename).toBe("NotFoundError");
    const empty = await app.ok(rep, NOTE, { input: { customerId, text: "" } });
    expect(empty.addPrivateNote.__typename).toBe("ValidationError");
  });
});
