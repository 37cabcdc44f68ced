import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { emailsTo, FOLLOW_UP, followUp, leadOf, local } from "./support";

/** A new lead must be contacted within 2 business hours (the seeds), counted from entry and restarted by each follow-up. */
let app: TestApp;
let gm: User;
let managerEast: User;
let repEast: User;
let repSouth: User;
const sweep = () => runScheduledJobs(app.deps);
const BREACH = "跟进超时";
const BREACHES = `query($filter: SlaBreachFilter, $first: Int) { slaBreaches(filter: $filter, first: $first) {
  edges { node { id stage slaHours deadline breachedAt hoursLate resolvedAt deal { title } customer { name } owner { name } } } } }`;
const breachesOf = async (u: User, filter: Record<string, unknown> = {}) => (await app.ok(u, BREACHES, { filter })).slaBreaches.edges.map((e: any) => e.node);

beforeAll(async () => {
  app = await testApp();
  gm = await app.user({ name: "周总", roles: ["GM"] });
  managerEast = await app.user({ name: "王海涛", roles: ["MANAGER"], managerId: gm.id });
  repEast = await app.user({ name: "陈刚", managerId: managerEast.id });
  repSouth = await app.user({ name: "黄磊", managerId: gm.id });
});

describe("follow-up SLA in business hours", () => {
  it("refuses a deadline window whose end is before its start, in the reader's language (F17)", async () => {
    // Act
    const window = { from: "2026-11-30T00:00:00Z", to: "2026-11-29T00:00:00Z" };
    const res = await app.gql(gm, BREACHES, { filter: window });
    const english = await app.gql(await app.user({ name: "David Lin", roles: ["GM"], locale: "en" }), BREACHES, { filter: window });

    // Assess
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: "ValidationError", fields: [{ path: ["filter", "to"], code: "BEFORE_START", message: "不能早于开始时间" }] } });
    expect(english.errors?.[0].extensions?.fields).toEqual([{ path: ["filter", "to"], code: "BEFORE_START", message: "must not be before the start" }]);
  });

  it("breaches a lead entered on Friday at 17:00 on Monday at 10:00, not over the weekend; tells the owner once; the follow-up resolves it", async () => {
    // Prepare
    app.clock.set(local("2026-11-27T17:00"));
    const deal = await leadOf(app, repEast);

    // Act + Assess: nothing on Friday evening, the weekend or Monday before 10:00
    for (const t of ["2026-11-27T19:00", "2026-11-28T10:00", "2026-11-29T18:00", "2026-11-30T09:59"]) {
      app.clock.set(local(t));
      await sweep();
    }
    expect(await emailsTo(repEast, deal.title, BREACH)).toHaveLength(0);
    app.clock.set(local("2026-11-30T10:00"));
    await Promise.all([sweep(), sweep()]);
    app.clock.set(local("2026-11-30T12:00"));
    await sweep();
    const emails = await emailsTo(repEast, deal.title, BREACH);
    expect(emails).toHaveLength(1);
    expect(emails[0].body.text).toContain("自 2026-11-27 17:00 起需在 2 个工作小时内跟进，截止时间 2026-11-30 10:00 已过");
    const [open] = (await breachesOf(repEast)).filter((b: any) => b.deal.title === deal.title);
    expect(open).toMatchObject({ stage: "LEAD", slaHours: 2, deadline: local("2026-11-30T10:00").toISOString(), hoursLate: 2, resolvedAt: null, owner: { name: "陈刚" } });

    // A follow-up at 13:00 resolves it, three business hours late, and the next 2 hours run from it
    app.clock.set(local("2026-11-30T13:00"));
    await followUp(app, repEast, deal.customerId);
    const [resolved] = (await breachesOf(repEast)).filter((b: any) => b.deal.title === deal.title);
    expect(resolved).toMatchObject({ hoursLate: 3, resolvedAt: local("2026-11-30T13:00").toISOString() });
    app.clock.set(local("2026-11-30T14:59"));
    await sweep();
    expect(await emailsTo(repEast, deal.title, BREACH)).toHaveLength(1);
    app.clock.set(local("2026-11-30T15:00"));
    await sweep();
    expect(await emailsTo(repEast, deal.title, BREACH)).toHaveLength(2);
  });

  it("restarts at each follow-up: one logged in time means no breach at the first deadline", async () => {
    // Prepare: a lead at Tuesday 09:00 (due 11:00); a call at 10:30 (now due 12:30)
    app.clock.set(local("2026-12-01T09:00"));
    const deal = await leadOf(app, repEast);
    app.clock.set(local("2026-12-01T10:30"));
    await followUp(app, repEast, deal.customerId);

    // Act + Assess
    app.clock.set(local("2026-12-01T11:00"));
    await sweep();
    app.clock.set(local("2026-12-01T12:29"));
    await sweep();
    expect(await emailsTo(repEast, deal.title, BREACH)).toHaveLength(0);
    app.clock.set(local("2026-12-01T12:30"));
    await sweep();
    expect(await emailsTo(repEast, deal.title, BREACH)).toHaveLength(1);
  });

  it("does not count the National Day holiday: a lead on 30 September at 17:00 is due on 8 October at 10:00", async () => {
    // Prepare
    app.clock.set(local("2026-09-30T17:00"));
    const deal = await leadOf(app, repSouth);

    // Act + Assess
    for (const t of ["2026-10-01T10:00", "2026-10-05T10:00", "2026-10-07T17:00", "2026-10-08T09:59"]) {
      app.clock.set(local(t));
      await sweep();
    }
    expect(await emailsTo(repSouth, deal.title, BREACH)).toHaveLength(0);
    app.clock.set(local("2026-10-08T10:00"));
    await sweep();
    expect(await emailsTo(repSouth, deal.title, BREACH)).toHaveLength(1);
    const [b] = (await breachesOf(gm, { ownerId: gid("User", repSouth.id) })).filter((x: any) => x.deal.title === deal.title);
    expect(b.deadline).toBe(local("2026-10-08T10:00").toISOString());
  });

  it("lists breaches by role: a rep their own, a manager their team's, the GM everyone's; filters by owner, stage and deadline", async () => {
    // Act
    const mine = await breachesOf(repEast);
    const team = await breachesOf(managerEast);
    const all = await breachesOf(gm);
    const otherTeam = await breachesOf(managerEast, { ownerId: gid("User", repSouth.id) });
    const october = await breachesOf(gm, { from: local("2026-10-01T00:00").toISOString(), to: local("2026-11-01T00:00").toISOString() });
    const quoted = await breachesOf(gm, { stage: "QUOTED" });

    // Assess
    expect(mine.map((b: any) => b.owner.name)).toEqual(["陈刚", "陈刚", "陈刚"]);
    expect(team).toEqual(mine);
    expect(all.map((b: any) => b.owner.name)).toEqual(["陈刚", "陈刚", "陈刚", "黄磊"]);
    expect(all.map((b: any) => b.deadline)).toEqual([...all.map((b: any) => b.deadline)].sort().reverse());
    expect(otherTeam).toEqual([]);
    expect(october.map((b: any) => b.owner.name)).toEqual(["黄磊"]);
    expect(quoted).toEqual([]);
    expect((await breachesOf(repSouth)).map((b: any) => b.owner.name)).toEqual(["黄磊"]);
    expect(all.every((b: any) => /^[A-Za-z0-9+/=]+$/.test(b.id) && !b.id.includes(all[0].deadline))).toBe(true); // opaque ids (F18)
  });
  it("a backdated follow-up answers a breach when it is recorded: the lateness stays, and no second breach follows (F26)", async () => {
    // Prepare: a lead at Monday 14:00 (due 16:00), breached and found at Tuesday 10:00
    app.clock.set(local("2026-12-07T14:00"));
    const deal = await leadOf(app, repEast);
    app.clock.set(local("2026-12-08T10:00"));
    await sweep();

    // Act: a call "at Monday 15:00" typed in on Tuesday 11:00
    app.clock.set(local("2026-12-08T11:00"));
    const res = await app.ok(repEast, FOLLOW_UP, { input: { customerId: deal.customerId, kind: "CALL", note: "补记的电话", occurredAt: local("2026-12-07T15:00").toISOString() } });
    app.clock.set(local("2026-12-08T12:30"));
    await sweep();

    // Assess: Monday 16:00–18:00 and Tuesday 09:00–11:00 late; the next deadline runs from 11:00 (13:00), not from Monday
    expect(res.logFollowUp.__typename).toBe("Customer");
    const mine = (await breachesOf(repEast)).filter((b: any) => b.deal.title === deal.title);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ hoursLate: 4, resolvedAt: local("2026-12-08T11:00").toISOString() });
    expect(await emailsTo(repEast, deal.title, BREACH)).toHaveLength(1);
  });
});
