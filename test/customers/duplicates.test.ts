import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, CUSTOMER_FIELDS, creditCode, customerInput } from "../support/fixtures";

let app: TestApp;
let alice: User;
let bob: User;

beforeAll(async () => {
  app = await testApp();
  alice = await app.user({ name: "王丽" });
  bob = await app.user({ name: "陈刚" });
});

const countAll = async () => (await app.deps.store.customers.page({ orgId: app.orgId, owners: "ALL", filter: {}, first: 200 })).items.length;

describe("createCustomer duplicate detection", () => {
  it("refuses a second customer with the same credit code, naming the existing one and its owner", async () => {
    // Prepare
    const code = creditCode();
    const first = await app.ok(alice, CREATE_CUSTOMER, { input: customerInput({ name: "宁波捷锐流体控制有限公司", creditCode: code }) });
    const before = await countAll();

    // Act: another rep registers the same company under another name, the code typed in lower case with a space
    const res = await app.ok(bob, CREATE_CUSTOMER, {
      input: customerInput({ name: "捷锐流体(宁波)", creditCode: `${code.toLowerCase().slice(0, 9)} ${code.toLowerCase().slice(9)}` }),
    });

    // Assess
    expect(res.createCustomer).toMatchObject({
      __typename: "DuplicateCustomerError",
      field: "creditCode",
      existingCustomerId: first.createCustomer.id,
      existingCustomerName: "宁波捷锐流体控制有限公司",
      ownerName: "王丽",
    });
    expect(res.createCustomer.message).toContain("王丽");
    expect(await countAll()).toBe(before);
  });

  it("treats names that differ only in spacing, width and punctuation as the same company", async () => {
    await app.ok(alice, CREATE_CUSTOMER, { input: customerInput({ name: "浙江中控(化工)设备有限公司" }) });
    const res = await app.ok(bob, CREATE_CUSTOMER, { input: customerInput({ name: "浙江中控 (化工) 设备有限公司" }) });
    expect(res.createCustomer).toMatchObject({ __typename: "DuplicateCustomerError", field: "name", ownerName: "王丽" });
  });

  it("says when the existing customer is in the pool", async () => {
    await app.ok(alice, CREATE_CUSTOMER, { input: customerInput({ name: "苏州公海阀门厂", inPool: true }) });
    const res = await app.ok(bob, CREATE_CUSTOMER, { input: customerInput({ name: "苏州公海阀门厂" }) });
    expect(res.createCustomer).toMatchObject({ __typename: "DuplicateCustomerError", ownerName: null });
    expect(res.createCustomer.message).toContain("公海");
  });

  it("refuses a rename onto another customer's name, and frees the old name", async () => {
    const a = await app.ok(alice, CREATE_CUSTOMER, { input: customerInput({ name: "无锡甲阀门有限公司" }) });
    await app.ok(alice, CREATE_CUSTOMER, { input: customerInput({ name: "无锡乙阀门有限公司" }) });
    const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { ${CUSTOMER_FIELDS} ... on DuplicateCustomerError { field } } }`;

    const clash = await app.ok(alice, UPDATE, { input: { id: a.createCustomer.id, expectedVersion: 1, name: "无锡乙阀门有限公司" } });
    expect(clash.updateCustomer).toMatchObject({ __typename: "DuplicateCustomerError", field: "name" });

    const renamed = await app.ok(alice, UPDATE, { input: { id: a.createCustomer.id, expectedVersion: 1, name: "无锡丙阀门有限公司" } });
    expect(renamed.updateCustomer).toMatchObject({ __typename: "Customer", name: "无锡丙阀门有限公司", version: 2 });
    const reuse = await app.ok(bob, CREATE_CUSTOMER, { input: customerInput({ name: "无锡甲阀门有限公司" }) });
    expect(reuse.createCustomer.__typename).toBe("Customer");
  });

  it("keeps customers of different organizations apart", async () => {
    const outsider = await app.user({ orgId: "other-org", name: "外部" });
    const code = creditCode();
    await app.ok(alice, CREATE_CUSTOMER, { input: customerInput({ name: "常州同名阀门有限公司", creditCode: code }) });
    const res = await app.ok(outsider, CREATE_CUSTOMER, { input: customerInput({ name: "常州同名阀门有限公司", creditCode: code }) });
    expect(res.createCustomer.__typename).toBe("Customer");
    const seen = await app.ok(alice, `query($id: ID!) { customer(id: $id) { id } }`, { id: res.createCustomer.id });
    expect(seen.customer).toBeNull();
  });
});
