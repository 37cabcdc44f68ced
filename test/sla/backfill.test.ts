import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { localId } from "../../schema/ids";
import { testApp, type TestApp } from "../support/app";
import { emailsTo, leadOf, local } from "./support";

/** Deals opened before stalled ladders and SLAs were scheduled get theirs from the sweep, once per organization. */
let app: TestApp;
let rep: User;
const sweep = () => runScheduledJobs(app.deps);

beforeAll(async () => {
  app = await testApp();
  const manager = await app.user({ name: "王海涛", roles: ["MANAGER"] });
  rep = await app.user({ name: "陈刚", managerId: manager.id });
});

describe("stage jobs for deals from before", () => {
  it("ladders and SLA-checks a deal that has no jobs, from the first sweep on", async () => {
    // Prepare: a lead on Saturday 21 November whose jobs are gone, as for a deal from before this release
    app.clock.set(local("2026-11-21T10:00"));
    const deal = await leadOf(app, rep);
    const ref = `${localId(deal.id, "Opportunity")}#${local("2026-11-21T10:00").toISOString()}`;
    await app.deps.store.dueJobs.cancel("STALLED", ref);
    await app.deps.store.dueJobs.cancel("FOLLOW_UP_SLA", ref);

    // Act: the first sweep after the release (Monday 23rd, 12:00) and the stall on Friday 27th
    app.clock.set(local("2026-11-23T12:00"));
    await sweep();
    const breaches = await emailsTo(rep, deal.title, "跟进超时");
    app.clock.set(local("2026-11-27T09:00"));
    await sweep();
    await sweep();

    // Assess: its 2-hour SLA (due Monday 11:00) and the stall are found, each told once
    expect(breaches).toHaveLength(1);
    expect(breaches[0].body.text).toContain("截止时间 2026-11-23 11:00 已过");
    expect(await emailsTo(rep, deal.title, "商机停滞：")).toHaveLength(1);
  });
});
