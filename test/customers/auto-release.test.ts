import { beforeAll, describe, expect, it } from "vitest";
import { releaseDueCustomers } from "../../functions/core/customer";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { heldBy } from "../support/fixtures";

let app: TestApp;
let admin: User;
let rep: User;

const CUSTOMER = `query($id: ID!) { customer(id: $id) { inPool releaseAt owner { name } lastFollowUpAt timeline(first: 1) { edges { node { kind summary actor { name } fromOwner { name } } } } } }`;
const FOLLOW_UP = `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename ... on Customer { releaseAt lastFollowUpAt nextActionOn } ... on Error { message } } }`;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ roles: ["ADMIN"] });
  rep = await app.user({ name: "李娜" });
});

const heldCustomer = (tier: "A" | "B" | "C") => heldBy(app, rep, tier);

describe("auto-release to the pool", () => {
  it("returns a customer with no follow-up for the tier's days at midnight Shanghai time, not before", async () => {
    // Prepare: created (held) Monday 2026-11-23 10:00 Shanghai, tier C = 7 days
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldCustomer("C");
    const held = await app.ok(rep, CUSTOMER, { id });
    expect(held.customer.releaseAt).toBe("2026-11-30T16:00:00.000Z"); // 2026-12-01 00:00 +08:00

    // Act + Assess: one minute before midnight Shanghai on day 7 nothing happens
    app.clock.set("2026-11-30T15:59:00Z");
    await releaseDueCustomers(app.deps);
    expect((await app.ok(rep, CUSTOMER, { id })).customer.inPool).toBe(false);

    app.clock.set("2026-11-30T16:00:00Z");
    const result = await releaseDueCustomers(app.deps);
    expect(result.released).toBeGreaterThanOrEqual(1);
    const released = (await app.ok(admin, CUSTOMER, { id })).customer;
    expect(released).toMatchObject({ inPool: true, owner: null, releaseAt: null });
    expect(released.timeline.edges[0].node).toEqual({
      kind: "AUTO_RELEASED",
      summary: "超过7天未跟进，自动退回公海（原负责人：李娜）",
      actor: null,
      fromOwner: { name: "李娜" },
    });
  });

  it("restarts the countdown on each follow-up, from the follow-up's day", async () => {
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldCustomer("B"); // 10 days → 2026-12-04 00:00 Shanghai
    app.clock.set("2026-12-02T09:00:00Z"); // 17:00 Shanghai on 12-02
    const res = await app.ok(rep, FOLLOW_UP, { input: { customerId: id, kind: "VISIT", note: "现场拜访采购部", nextActionOn: "2026-12-05" } });
    expect(res.logFollowUp).toMatchObject({ __typename: "Customer", releaseAt: "2026-12-12T16:00:00.000Z", nextActionOn: "2026-12-05" });

    app.clock.set("2026-12-05T00:00:00Z"); // past the original release time
    await releaseDueCustomers(app.deps);
    expect((await app.ok(rep, CUSTOMER, { id })).customer.inPool).toBe(false);
  });

  it("counts a late-evening follow-up on the local day it happened", async () => {
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldCustomer("C");
    // 23:30 in Shanghai on 11-25 is still 15:30 UTC on 11-25; 00:30 on 11-26 Shanghai is 16:30 UTC 11-25.
    app.clock.set("2026-11-25T16:30:00Z");
    const res = await app.ok(rep, FOLLOW_UP, { input: { customerId: id, kind: "CALL", note: "电话确认参数" } });
    expect(res.logFollowUp.releaseAt).toBe("2026-12-03T16:00:00.000Z"); // local day 11-26 + 7 → 12-04 00:00
  });

  it("uses the organization's days per tier, and never releases a tier set to 0", async () => {
    await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 0, releaseDays: { A: 0, C: 3 } }) { __typename ... on Organization { releaseDays { A B C } } } }`);
    app.clock.set("2026-11-23T02:00:00Z");
    const a = await heldCustomer("A");
    const c = await heldCustomer("C");
    expect((await app.ok(rep, CUSTOMER, { id: a })).customer.releaseAt).toBeNull();
    expect((await app.ok(rep, CUSTOMER, { id: c })).customer.releaseAt).toBe("2026-11-26T16:00:00.000Z");
    app.clock.set("2027-06-01T00:00:00Z");
    await releaseDueCustomers(app.deps);
    expect((await app.ok(rep, CUSTOMER, { id: a })).customer.inPool).toBe(false);
    expect((await app.ok(admin, CUSTOMER, { id: c })).customer.inPool).toBe(true);
    await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 1, releaseDays: { A: 14, C: 7 } }) { __typename } }`);
    // Back on 14 days the A customer is overdue now; hand it back so later sweeps count only their own.
    await app.ok(rep, `mutation($id: ID!) { releaseCustomer(id: $id, reason: "测试结束") { __typename } }`, { id: a });
  });

  it("releases each due customer once when two sweeps run at the same time, reading the due index only", async () => {
    app.clock.set("2026-11-23T02:00:00Z");
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => heldCustomer("C")));
    const ownedBefore = (await app.reload(rep)).ownedCount;
    app.clock.set("2026-12-10T00:00:00Z");
    const callsBefore = { ...app.db.stats.byCommand };

    const [first, second] = await Promise.all([releaseDueCustomers(app.deps), releaseDueCustomers(app.deps)]);

    expect(first.released + second.released).toBe(ids.length);
    expect((await app.reload(rep)).ownedCount).toBe(ownedBefore - ids.length);
    for (const id of ids) {
      const tl = await app.ok(admin, `query($id: ID!) { customer(id: $id) { timeline { edges { node { kind } } } } }`, { id });
      expect(tl.customer.timeline.edges.filter((e: any) => e.node.kind === "AUTO_RELEASED")).toHaveLength(1);
    }
    expect(app.db.stats.byCommand.ScanCommand ?? 0).toBe(callsBefore.ScanCommand ?? 0);
  });

  it("runs from the EventBridge Scheduler event through the Lambda entry point", async () => {
    // Prepare: the Lambda reads the real clock, so hold a customer whose release time is already behind it.
    app.clock.set("2026-01-05T02:00:00Z");
    const id = await heldCustomer("C");
    app.lambdaEnv();
    const { handler } = await import("../../functions/handlers/sweep");
    const schedulerEvent = {
      version: "0",
      id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
      "detail-type": "Scheduled Event",
      source: "aws.scheduler",
      account: "123456789012",
      time: "2026-12-10T00:00:00Z",
      region: "cn-north-1",
      resources: ["arn:aws-cn:scheduler:cn-north-1:123456789012:schedule/default/pool-sweep"],
      detail: "{}",
    };

    // Act
    const result = await handler(schedulerEvent);

    // Assess
    expect(result.pool.released).toBeGreaterThanOrEqual(1);
    expect((await app.ok(admin, CUSTOMER, { id })).customer.inPool).toBe(true);
  });
});
