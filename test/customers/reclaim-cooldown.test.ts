import { beforeAll, describe, expect, it } from "vitest";
import { releaseDueCustomers } from "../../functions/core/customer";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, CUSTOMER_FIELDS, customerInput, heldBy, poolTeam } from "../support/fixtures";

let app: TestApp;
let admin: User;
let manager: User;
let alice: User;
let bob: User;

const CLAIM = `mutation($id: ID!) { claimCustomer(id: $id) { ${CUSTOMER_FIELDS}
  ... on ReclaimCooldownError { claimableOn claimableAt } } }`;
const RELEASE = `mutation($id: ID!, $reason: String!) { releaseCustomer(id: $id, reason: $reason) { ${CUSTOMER_FIELDS} } }`;
const FOLLOW_UP = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename ... on Error { message } } }`;
const ORG = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) {
  __typename ... on Organization { version reclaimCooldownDays } ... on ValidationError { fields { path code } } } }`;

beforeAll(async () => {
  app = await testApp();
  ({ admin, manager, alice, bob } = await poolTeam(app));
});


describe("logFollowUp on a pool customer", () => {
  it("tells a rep, like a manager, that the customer is in the pool and must be claimed first", async () => {
    const id = (await app.ok(admin, CREATE_CUSTOMER, { input: customerInput({ inPool: true }) })).createCustomer.id;
    for (const who of [alice, manager]) {
      const res = await app.ok(who, FOLLOW_UP, { input: { customerId: id, kind: "CALL", note: "电话沟通" } });
      expect(res.logFollowUp).toEqual({ __typename: "CustomerInPoolError", message: "该客户在公海中，请先认领" });
    }
  });
});

describe("reclaim cool-down", () => {
  it("is not reset by a colleague claiming and releasing the customer in between", async () => {
    // Prepare: Alice releases; Bob claims and releases it the same day
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldBy(app, alice);
    await app.ok(alice, RELEASE, { id, reason: "暂无需求" });
    await app.ok(bob, CLAIM, { id });
    await app.ok(bob, RELEASE, { id, reason: "帮同事放回" });

    // Act
    const alices = (await app.ok(alice, CLAIM, { id })).claimCustomer;
    const bobs = (await app.ok(bob, CLAIM, { id })).claimCustomer;

    // Assess: both gave it up today, both wait
    expect(alices).toMatchObject({ __typename: "ReclaimCooldownError", claimableOn: "2026-11-30" });
    expect(bobs).toMatchObject({ __typename: "ReclaimCooldownError", claimableOn: "2026-11-30" });
  });

  it("keeps the rep who released a customer from claiming it back for 7 local days; others may claim at once", async () => {
    // Prepare: Monday 2026-11-23 10:00 Shanghai, Alice holds and releases
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldBy(app, alice);
    await app.ok(alice, RELEASE, { id, reason: "暂无需求" });

    // Act + Assess: Alice is refused until local day 11-30 begins
    app.clock.set("2026-11-29T15:59:00Z"); // 23:59 on 11-29 in Shanghai
    const refused = (await app.ok(alice, CLAIM, { id })).claimCustomer;
    expect(refused).toEqual({
      __typename: "ReclaimCooldownError",
      message: "你在2026-11-23释放了该客户，2026-11-30起才能再次认领",
      claimableOn: "2026-11-30",
      claimableAt: "2026-11-29T16:00:00.000Z",
    });
    app.clock.set("2026-11-29T16:00:00Z"); // 00:00 on 11-30 in Shanghai
    expect((await app.ok(alice, CLAIM, { id })).claimCustomer).toMatchObject({ __typename: "Customer", owner: { name: "王丽" } });
  });

  it("cannot be got around by releasing and reclaiming to reset the countdown", async () => {
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldBy(app, alice, "C");
    app.clock.set("2026-11-30T10:00:00Z"); // day 7: about to be released at midnight
    await app.ok(alice, RELEASE, { id, reason: "重新认领" });
    const again = (await app.ok(alice, CLAIM, { id })).claimCustomer;
    expect(again.__typename).toBe("ReclaimCooldownError");
    const view = await app.ok(alice, `query($id: ID!) { customer(id: $id) { inPool owner { name } } }`, { id });
    expect(view.customer).toEqual({ inPool: true, owner: null });

    // Someone else may take it straight away
    expect((await app.ok(bob, CLAIM, { id })).claimCustomer).toMatchObject({ __typename: "Customer", owner: { name: "陈刚" } });
  });

  it("applies to the rep who lost the customer to auto-release", async () => {
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldBy(app, alice, "C"); // C: 7 days → released at 2026-12-01 00:00 Shanghai
    app.clock.set("2026-11-30T16:00:00Z");
    await releaseDueCustomers(app.deps);
    app.clock.set("2026-12-03T02:00:00Z");
    const refused = (await app.ok(alice, CLAIM, { id })).claimCustomer;
    expect(refused).toMatchObject({ __typename: "ReclaimCooldownError", claimableOn: "2026-12-08" });
    app.clock.set("2026-12-07T16:00:00Z");
    expect((await app.ok(alice, CLAIM, { id })).claimCustomer.__typename).toBe("Customer");
  });

  it("follows the organization's setting, in English too; 0 turns it off", async () => {
    const english = await app.user({ name: "David Lin", locale: "en", managerId: manager.id });
    app.clock.set("2026-11-23T02:00:00Z");
    const org = (await app.ok(admin, `{ organization { version reclaimCooldownDays } }`)).organization;
    expect(org.reclaimCooldownDays).toBe(7);
    const bad = (await app.ok(admin, ORG, { input: { expectedVersion: org.version, reclaimCooldownDays: -1 } })).updateOrganization;
    expect(bad).toEqual({ __typename: "ValidationError", fields: [{ path: ["reclaimCooldownDays"], code: "OUT_OF_RANGE" }] });
    const set = (await app.ok(admin, ORG, { input: { expectedVersion: org.version, reclaimCooldownDays: 3 } })).updateOrganization;
    expect(set.reclaimCooldownDays).toBe(3);

    const id = await heldBy(app, english);
    await app.ok(english, RELEASE, { id, reason: "no need now" });
    const refused = (await app.ok(english, CLAIM, { id })).claimCustomer;
    expect(refused.message).toBe("You released this customer on 2026-11-23; you can claim it again from 2026-11-26");

    await app.ok(admin, ORG, { input: { expectedVersion: set.version, reclaimCooldownDays: 0 } });
    expect((await app.ok(english, CLAIM, { id })).claimCustomer.__typename).toBe("Customer");
    await app.ok(admin, ORG, { input: { expectedVersion: set.version + 1, reclaimCooldownDays: 7 } });
  });
});
