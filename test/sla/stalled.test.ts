import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { LOSE, MOVE, UPDATE, GET, yuan } from "../support/pipeline";
import { emailsTo, leadOf, local } from "./support";

/** A deal held in a stage past its limit (5 days by default): the owner, then one business day later the manager. */
let app: TestApp;
let manager: User;
let rep: User;
const sweep = () => runScheduledJobs(app.deps);
const OWNER_SUBJECT = "商机停滞：";
const MANAGER_SUBJECT = "商机停滞（升级）";

beforeAll(async () => {
  app = await testApp();
  manager = await app.user({ name: "王海涛", roles: ["MANAGER"] });
  rep = await app.user({ name: "陈刚", managerId: manager.id });
});

describe("stalled-deal ladder", () => {
  it("tells the owner on the first working morning it is stalled, the manager one business day later (over a weekend), each once", async () => {
    // Prepare: a lead entered on Saturday 21 November; more than 5 whole days from Friday 27 November 00:00
    app.clock.set(local("2026-11-21T10:00"));
    const deal = await leadOf(app, rep);

    // Act + Assess: nothing before Friday 09:00
    app.clock.set(local("2026-11-27T08:59"));
    await sweep();
    expect(await emailsTo(rep, deal.title, OWNER_SUBJECT)).toHaveLength(0);

    // Friday 09:00: the owner, once, however many sweeps (two of them at once)
    app.clock.set(local("2026-11-27T09:00"));
    await Promise.all([sweep(), sweep()]);
    await sweep();
    const toOwner = await emailsTo(rep, deal.title, OWNER_SUBJECT);
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0].body.text).toContain("2026-11-21 10:00 进入线索登记阶段，至今已 6 天，超过该阶段 5 天的时限");
    expect(await emailsTo(manager, deal.title, MANAGER_SUBJECT)).toHaveLength(0);

    // Not on the weekend, nor on Monday before 09:00
    for (const t of ["2026-11-27T17:00", "2026-11-28T09:00", "2026-11-29T12:00", "2026-11-30T08:59"]) {
      app.clock.set(local(t));
      await sweep();
    }
    expect(await emailsTo(manager, deal.title, MANAGER_SUBJECT)).toHaveLength(0);

    // Monday 09:00: the manager, once
    app.clock.set(local("2026-11-30T09:00"));
    await Promise.all([sweep(), sweep()]);
    app.clock.set(local("2026-12-01T09:00"));
    await sweep();
    const toManager = await emailsTo(manager, deal.title, MANAGER_SUBJECT);
    expect(toManager).toHaveLength(1);
    expect(toManager[0].body.text).toContain("陈刚负责的商机");
    expect(await emailsTo(rep, deal.title, OWNER_SUBJECT)).toHaveLength(1);
  });

  it("after downtime tells the owner first and the manager one business day after that, not both at once", async () => {
    // Prepare: a lead entered Monday 2 November; stalled since Sunday 8 November, and no sweep ran for weeks
    app.clock.set(local("2026-11-02T10:00"));
    const deal = await leadOf(app, rep);

    // Act: the sweep comes back on Thursday 26 November at 10:30
    app.clock.set(local("2026-11-26T10:30"));
    await Promise.all([sweep(), sweep()]);

    // Assess: the owner now, the manager not yet (not on the same sweep, nor that evening)
    expect(await emailsTo(rep, deal.title, OWNER_SUBJECT)).toHaveLength(1);
    app.clock.set(local("2026-11-26T18:00"));
    await sweep();
    expect(await emailsTo(manager, deal.title, MANAGER_SUBJECT)).toHaveLength(0);

    // Assess: Friday 10:29 still nothing; 10:30, one business day after the owner was told, the manager once
    app.clock.set(local("2026-11-27T10:29"));
    await sweep();
    expect(await emailsTo(manager, deal.title, MANAGER_SUBJECT)).toHaveLength(0);
    app.clock.set(local("2026-11-27T10:30"));
    await Promise.all([sweep(), sweep()]);
    expect(await emailsTo(manager, deal.title, MANAGER_SUBJECT)).toHaveLength(1);
    expect(await emailsTo(rep, deal.title, OWNER_SUBJECT)).toHaveLength(1);
  });

  it("stops once the deal moves on or is lost, and a new stay starts its own ladder", async () => {
    // Prepare: two leads entered Saturday 21 November; both owners told on Friday 27th
    app.clock.set(local("2026-11-21T11:00"));
    const moved = await leadOf(app, rep);
    const lost = await leadOf(app, rep);
    app.clock.set(local("2026-11-27T09:00"));
    await sweep();
    expect(await emailsTo(rep, moved.title, OWNER_SUBJECT)).toHaveLength(1);

    // Act: on Friday one moves to 初步接触, the other is lost
    app.clock.set(local("2026-11-27T11:00"));
    const { opportunity } = await app.ok(rep, GET, { id: moved.id });
    await app.ok(rep, UPDATE, { input: { id: moved.id, expectedVersion: opportunity.version, amount: yuan(500_000), expectedCloseOn: "2027-01-31" } });
    expect((await app.ok(rep, MOVE, { input: { id: moved.id, toStage: "FIRST_CONTACT" } })).moveOpportunity.__typename).toBe("Opportunity");
    expect((await app.ok(rep, LOSE, { id: lost.id, reason: "客户预算取消" })).markOpportunityLost.__typename).toBe("Opportunity");
    for (const t of ["2026-11-30T09:00", "2026-12-02T09:00"]) {
      app.clock.set(local(t));
      await sweep();
    }

    // Assess: no manager step for either; the new stay (entered Friday 27th) stalls after 3 December
    expect(await emailsTo(manager, moved.title, MANAGER_SUBJECT)).toHaveLength(0);
    expect(await emailsTo(manager, lost.title, MANAGER_SUBJECT)).toHaveLength(0);
    expect(await emailsTo(rep, moved.title, OWNER_SUBJECT)).toHaveLength(1);
    app.clock.set(local("2026-12-03T09:00"));
    await sweep();
    const second = await emailsTo(rep, moved.title, OWNER_SUBJECT);
    expect(second).toHaveLength(2);
    expect(second[1].subject).toContain("初步接触");
    expect(await emailsTo(rep, lost.title, OWNER_SUBJECT)).toHaveLength(1);
  });
});
