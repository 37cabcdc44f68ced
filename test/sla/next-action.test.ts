import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { emailsTo, followUp, leadOf, local } from "./support";

/** The next action date a follow-up sets reminds the customer's owner on that day, at the start of work. */
let app: TestApp;
let rep: User;
let english: User;
const sweep = () => runScheduledJobs(app.deps);
const SUBJECT = "今日待跟进";

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "陈刚" });
  english = await app.user({ name: "David Lin", locale: "en" });
});

describe("next action reminders", () => {
  it("reminds the owner once, at 09:00 on the day, however often the sweep runs", async () => {
    // Prepare: on Monday a call sets the next action for Wednesday
    app.clock.set(local("2026-11-23T10:00"));
    const { customerId, customerName } = await leadOf(app, rep);
    await followUp(app, rep, customerId, "2026-11-25");

    // Act + Assess
    app.clock.set(local("2026-11-25T08:59"));
    await sweep();
    expect(await emailsTo(rep, customerName, SUBJECT)).toHaveLength(0);
    app.clock.set(local("2026-11-25T09:00"));
    await Promise.all([sweep(), sweep()]);
    app.clock.set(local("2026-11-25T15:00"));
    await sweep();
    const emails = await emailsTo(rep, customerName, SUBJECT);
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe(`今日待跟进：${customerName}（2026-11-25）`);
    expect(emails[0].body.text).toContain("您计划于今天（2026-11-25）跟进客户");
  });

  it("follows a changed date, and says nothing once the customer has another owner", async () => {
    // Prepare: one date moved from Thursday to Friday; one customer handed to a colleague
    app.clock.set(local("2026-11-24T10:00"));
    const moved = await leadOf(app, rep);
    await followUp(app, rep, moved.customerId, "2026-11-26");
    await followUp(app, rep, moved.customerId, "2026-11-27");
    const handed = await leadOf(app, rep);
    await followUp(app, rep, handed.customerId, "2026-11-26");
    const admin = await app.user({ roles: ["ADMIN"] });
    const res = await app.ok(admin, `mutation($input: ReassignCustomersInput!) { reassignCustomers(input: $input) { __typename } }`, {
      input: { fromUserId: gid("User", rep.id), toUserId: gid("User", english.id), customerIds: [handed.customerId] },
    });
    expect(res.reassignCustomers.__typename).not.toMatch(/Error/);

    // Act
    app.clock.set(local("2026-11-26T09:30"));
    await sweep();
    const thursday = [...(await emailsTo(rep, moved.customerName, SUBJECT)), ...(await emailsTo(rep, handed.customerName, SUBJECT)), ...(await emailsTo(english, handed.customerName, "Follow up today"))];
    app.clock.set(local("2026-11-27T09:30"));
    await sweep();

    // Assess
    expect(thursday).toHaveLength(0);
    expect((await emailsTo(rep, moved.customerName, SUBJECT)).map((e) => e.subject)).toEqual([`今日待跟进：${moved.customerName}（2026-11-27）`]);
  });

  it("writes in English for people who chose it", async () => {
    app.clock.set(local("2026-11-27T10:00"));
    const { customerId, customerName } = await leadOf(app, english);
    await followUp(app, english, customerId, "2026-11-30");
    app.clock.set(local("2026-11-30T09:00"));
    await sweep();
    const [email] = await emailsTo(english, customerName, "Follow up today");
    expect(email.subject).toBe(`Follow up today: ${customerName} (2026-11-30)`);
    expect(email.body.text).toContain("Hello David Lin,");
  });
});
