import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, CUSTOMER_FIELDS, customerInput, poolTeam } from "../support/fixtures";

let app: TestApp;
let admin: User;
let manager: User;
let alice: User;
let bob: User;

const CLAIM = `mutation($id: ID!) { claimCustomer(id: $id) { ${CUSTOMER_FIELDS} ... on CustomerAlreadyOwnedError { ownerName } ... on OwnershipLimitError { limit } } }`;
const RELEASE = `mutation($id: ID!, $reason: String!) { releaseCustomer(id: $id, reason: $reason) { ${CUSTOMER_FIELDS} } }`;

beforeAll(async () => {
  app = await testApp();
  ({ admin, manager, alice, bob } = await poolTeam(app));
});

async function poolCustomer(overrides: Record<string, unknown> = {}) {
  const res = await app.ok(admin, CREATE_CUSTOMER, { input: customerInput({ inPool: true, ...overrides }) });
  return res.createCustomer.id as string;
}

describe("claimCustomer", () => {
  it("gives a pool customer to exactly one of several racing reps; the others are told who won", async () => {
    // Prepare
    const id = await poolCustomer();
    const racers = [alice, bob, ...(await Promise.all([1, 2, 3, 4].map((n) => app.user({ name: `抢单${n}` }))))];
    const before = await Promise.all(racers.map((r) => app.reload(r)));

    // Act
    const results = (await Promise.all(racers.map((r) => app.ok(r, CLAIM, { id })))).map((r) => r.claimCustomer);

    // Assess
    const winners = results.filter((r) => r.__typename === "Customer");
    const losers = results.filter((r) => r.__typename === "CustomerAlreadyOwnedError");
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(racers.length - 1);
    expect(new Set(losers.map((l) => l.ownerName))).toEqual(new Set([winners[0].owner.name]));
    const after = await Promise.all(racers.map((r) => app.reload(r)));
    const gained = after.map((u, i) => u.ownedCount - before[i].ownedCount);
    expect(gained.sort()).toEqual([0, 0, 0, 0, 0, 1]);
    const tl = await app.ok(admin, `query($id: ID!) { customer(id: $id) { timeline { edges { node { kind } } } } }`, { id });
    expect(tl.customer.timeline.edges.filter((e: any) => e.node.kind === "CLAIMED")).toHaveLength(1);
  });

  it("records the claim on the timeline and starts the release countdown", async () => {
    const id = await poolCustomer({ tier: "C" });
    const res = await app.ok(alice, CLAIM, { id });
    // Claimed Monday 2026-11-23 10:00 Shanghai; C releases after 7 days: at midnight ending 11-30.
    expect(res.claimCustomer).toMatchObject({ __typename: "Customer", inPool: false, owner: { name: "王丽" }, releaseAt: "2026-11-30T16:00:00.000Z" });
    const tl = await app.ok(alice, `query($id: ID!) { customer(id: $id) { timeline { edges { node { kind summary } } } } }`, { id });
    expect(tl.customer.timeline.edges[0].node).toEqual({ kind: "CLAIMED", summary: "王丽 从公海认领" });
  });

  it("succeeds again for the holder (a retried request) and refuses everyone else", async () => {
    const id = await poolCustomer();
    await app.ok(alice, CLAIM, { id });
    const again = await app.ok(alice, CLAIM, { id });
    expect(again.claimCustomer).toMatchObject({ __typename: "Customer", version: 2 });
    const other = await app.ok(bob, CLAIM, { id });
    expect(other.claimCustomer).toMatchObject({ __typename: "CustomerAlreadyOwnedError", ownerName: "王丽" });
  });

  it("stops a rep at the organization's holding limit, and counts releases back", async () => {
    const carol = await app.user({ name: "孙倩" });
    await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 0, maxCustomersPerOwner: 2 }) { __typename } }`);
    const ids = [await poolCustomer(), await poolCustomer(), await poolCustomer()];

    expect((await app.ok(carol, CLAIM, { id: ids[0] })).claimCustomer.__typename).toBe("Customer");
    expect((await app.ok(carol, CLAIM, { id: ids[1] })).claimCustomer.__typename).toBe("Customer");
    const third = await app.ok(carol, CLAIM, { id: ids[2] });
    expect(third.claimCustomer).toMatchObject({ __typename: "OwnershipLimitError", limit: 2 });
    expect((await app.reload(carol)).ownedCount).toBe(2);

    await app.ok(carol, RELEASE, { id: ids[0], reason: "客户已转向竞争对手" });
    expect((await app.ok(carol, CLAIM, { id: ids[2] })).claimCustomer.__typename).toBe("Customer");
    await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 1, maxCustomersPerOwner: 50 }) { __typename } }`);
  });

  it("is not for finance, legal or technical staff", async () => {
    const finance = await app.user({ roles: ["FINANCE"] });
    const res = await app.ok(finance, CLAIM, { id: await poolCustomer() });
    expect(res.claimCustomer.__typename).toBe("ForbiddenError");
  });
});

describe("releaseCustomer", () => {
  it("returns the customer to the pool with the reason on the timeline", async () => {
    const id = await poolCustomer();
    await app.ok(alice, CLAIM, { id });
    const res = await app.ok(alice, RELEASE, { id, reason: "暂无采购计划" });
    expect(res.releaseCustomer).toMatchObject({ __typename: "Customer", inPool: true, owner: null, releaseAt: null });
    const tl = await app.ok(bob, `query($id: ID!) { customer(id: $id) { timeline(first: 1) { edges { node { kind reason summary } } } } }`, { id });
    expect(tl.customer.timeline.edges[0].node).toEqual({ kind: "RELEASED", reason: "暂无采购计划", summary: "王丽 退回公海：暂无采购计划" });
  });

  it("needs a reason, and only the holder (or their manager) may release", async () => {
    const id = await poolCustomer();
    await app.ok(alice, CLAIM, { id });
    const noReason = await app.ok(alice, RELEASE, { id, reason: "  " });
    expect(noReason.releaseCustomer).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["reason"], code: "REQUIRED" }] });
    const byBob = await app.ok(bob, RELEASE, { id, reason: "不是我的" });
    expect(byBob.releaseCustomer.__typename).toBe("NotFoundError");
    const byManager = await app.ok(manager, RELEASE, { id, reason: "重新分配" });
    expect(byManager.releaseCustomer).toMatchObject({ __typename: "Customer", inPool: true });
    const twice = await app.ok(manager, RELEASE, { id, reason: "再次" });
    expect(twice.releaseCustomer.__typename).toBe("CustomerInPoolError");
  });
});
