import { TransactionCanceledException } from "../../functions/store/dynamo";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, CUSTOMER_FIELDS, customerInput } from "../support/fixtures";

let app: TestApp;
let rep: User;

const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { ${CUSTOMER_FIELDS} ... on VersionConflictError { currentVersion } } }`;
const GET = `query($id: ID!) { customer(id: $id) { name tier address remark version lastFollowUpAt timeline { edges { node { kind changes { field old new } } } } } }`;

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "王丽" });
});

async function newCustomer() {
  return (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ tier: "B" }) })).createCustomer.id as string;
}

describe("optimistic locking", () => {
  it("lets one of two concurrent edits of the same version win and answers the other with the current version", async () => {
    const id = await newCustomer();

    const [a, b] = await Promise.all([
      app.ok(rep, UPDATE, { input: { id, expectedVersion: 1, address: "宁波市北仑区" } }),
      app.ok(rep, UPDATE, { input: { id, expectedVersion: 1, remark: "年采购额约300万" } }),
    ]);

    const results = [a.updateCustomer, b.updateCustomer];
    expect(results.filter((r) => r.__typename === "Customer")).toHaveLength(1);
    expect(results.find((r) => r.__typename === "VersionConflictError")).toMatchObject({ currentVersion: 2 });
    const stored = (await app.ok(rep, GET, { id })).customer;
    expect(stored.version).toBe(2);
    expect([stored.address, stored.remark].filter(Boolean)).toHaveLength(1);
  });

  it("refuses an edit based on an old version without writing anything", async () => {
    const id = await newCustomer();
    await app.ok(rep, UPDATE, { input: { id, expectedVersion: 1, tier: "A" } });
    const stale = await app.ok(rep, UPDATE, { input: { id, expectedVersion: 1, tier: "C" } });
    expect(stale.updateCustomer).toMatchObject({ __typename: "VersionConflictError", currentVersion: 2 });
    const stored = (await app.ok(rep, GET, { id })).customer;
    expect(stored).toMatchObject({ tier: "A", version: 2 });
    expect(stored.timeline.edges[0].node).toEqual({ kind: "UPDATED", changes: [{ field: "tier", old: "B", new: "A" }] });
  });

  it("merges a follow-up logged during an edit instead of losing either", async () => {
    const id = await newCustomer();
    const [edit, followUp] = await Promise.all([
      app.ok(rep, UPDATE, { input: { id, expectedVersion: 1, address: "杭州市滨江区" } }),
      app.ok(rep, `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename } }`, {
        input: { customerId: id, kind: "CALL", note: "确认报价时间" },
      }),
    ]);
    expect(followUp.logFollowUp.__typename).toBe("Customer");
    const stored = (await app.ok(rep, GET, { id })).customer;
    expect(stored.lastFollowUpAt).not.toBeNull();
    if (edit.updateCustomer.__typename === "Customer") expect(stored.address).toBe("杭州市滨江区");
    else expect(edit.updateCustomer.__typename).toBe("VersionConflictError");
    expect(stored.timeline.edges.map((e: any) => e.node.kind)).toContain("FOLLOW_UP");
  });

  it("retries a transaction DynamoDB cancels for a conflict (injected: DynamoDB Local never raises it)", async () => {
    const id = await newCustomer();
    let injected = 0;
    app.db.doc.intercept("injectConflict", async (command, next) => {
      if (command.operation === "TransactWriteItems" && injected === 0) {
        injected++;
        throw new TransactionCanceledException("Transaction cancelled", [{ Code: "TransactionConflict" }, { Code: "None" }]);
      }
      return next();
    });
    try {
      const res = await app.ok(rep, UPDATE, { input: { id, expectedVersion: 1, remark: "重试后成功" } });
      expect(injected).toBe(1);
      expect(res.updateCustomer).toMatchObject({ __typename: "Customer", version: 2 });
      expect((await app.ok(rep, GET, { id })).customer.remark).toBe("重试后成功");
    } finally {
      app.db.doc.removeInterceptor("injectConflict");
    }
  });
});
