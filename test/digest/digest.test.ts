import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, quoteFor, SUBMIT } from "../support/approvals";
import { customerDueOn, customerOfTier, digestsTo, setOrganization, shanghai } from "./support";

/** Each active person's one email a working day: what waits on them, at the organization's time, in their language. */
const ONE_LEVEL = { list: 100_000, unit: 90_000, cost: 63_000 }; // 10% off: the regional manager approves

let app: TestApp;
let manager: User;
let rep: User;
let repEn: User;
let idle: User;
const names: Record<string, string> = {};
let quoteNumber: string;

const sweepAt = async (local: string) => {
  app.clock.set(shanghai(local));
  return runScheduledJobs(app.deps);
};
const dayOf = (subject: string) => /\d{4}-\d{2}-\d{2}/.exec(subject)?.[0];

beforeAll(async () => {
  // Prepare (Monday 2026-11-23, 10:00): the digest at 09:15; tier C customers go back to the pool after one day without follow-up.
  app = await testApp();
  const team = await approvalTeam(app);
  ({ manager, rep } = team);
  const admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  expect(await setOrganization(app, admin, { name: "宁波捷锐流体控制有限公司", digestTime: "09:15", releaseDays: { C: 1 } })).toMatchObject({ digestTime: "09:15", releaseDays: { C: 1 } });
  repEn = await app.user({ name: "Tom Lee", locale: "en", managerId: manager.id });
  idle = await app.user({ name: "新同事", managerId: manager.id });
  names.overdue = await customerDueOn(app, rep, "2026-11-23");
  names.today = await customerDueOn(app, rep, "2026-11-24");
  names.later = await customerDueOn(app, rep, "2026-11-26");
  names.releasing = await customerOfTier(app, rep, "C");
  names.english = await customerDueOn(app, repEn, "2026-11-24");
  const q = await quoteFor(app, rep, ONE_LEVEL);
  await app.ok(rep, SUBMIT, { id: q.id });
  await emailAbout(manager.email, q.number); // asked at once, not in tomorrow's digest first
  quoteNumber = q.number;
});

describe("the daily digest", () => {
  it("refuses a digest time that is not HH:mm, and changes nothing", async () => {
    // Act
    const admin = await app.user({ name: "另一位管理员", roles: ["ADMIN"] });
    const res = await setOrganization(app, admin, { digestTime: "25:00" });

    // Assess
    expect(res.__typename).toBe("ValidationError");
    expect(res.fields).toEqual([expect.objectContaining({ path: ["digestTime"], code: "INVALID_TIME", message: "时间格式应为 HH:mm（00:00–23:59）" })]);
    expect((await app.ok(admin, `{ organization { digestTime } }`)).organization.digestTime).toBe("09:15");
  });

  it("sends nothing before the organization's time", async () => {
    // Act
    await sweepAt("2026-11-24T09:14");

    // Assess
    expect(await digestsTo(rep)).toHaveLength(0);
  });

  it("sends each person one digest at the organization's time, with the follow-ups, approvals and pool releases that are theirs", async () => {
    // Act: the sweep at 09:15, and the sweeps after it
    await sweepAt("2026-11-24T09:15");
    await sweepAt("2026-11-24T09:20");
    await sweepAt("2026-11-24T17:00");

    // Assess: the rep's own customers, in Chinese
    const [mine, ...more] = await digestsTo(rep);
    expect(more).toHaveLength(0);
    expect(mine.subject).toMatch(/^每日工作提醒（2026-11-24）：共 \d+ 项待办$/);
    const text = mine.body.text;
    expect(text).toContain("今日待跟进客户（2）");
    expect(text).toContain(`${names.overdue}：计划跟进日 2026-11-23，已逾期 1 天`);
    expect(text).toContain(`${names.today}：今日计划跟进`);
    expect(text).not.toContain(names.later);
    expect(text).toContain("两天内将退回公海的客户（1）");
    expect(text).toContain(`${names.releasing}（C类）：跟进一次即可保留，退回公海时间（2026-11-25 00:00）`);
    expect(text.indexOf("今日待跟进客户")).toBeLessThan(text.indexOf("两天内将退回公海的客户"));
    expect(mine.body.html).toContain("<h3");
    expect(mine.body.html).toContain("今日待跟进客户（2）");

    // Assess: the approver sees the approval waiting on them (already emailed at once) as a line
    const [managers] = await digestsTo(manager);
    expect(managers.body.text).toContain("待您审批（1）");
    expect(managers.body.text).toContain(quoteNumber);
    expect(managers.body.text).toContain("时间均为北京时间。");

    // Assess: English for the person who chose it, times in the organization's zone
    const [english] = await digestsTo(repEn);
    expect(english.subject).toMatch(/^Your daily digest for 2026-11-24: (1 item|(?!1 )\d+ items)$/);
    expect(english.body.text).toContain("Follow-ups due (1)");
    expect(english.body.text).toContain(`${names.english}: next action planned for today`);
    expect(english.body.text).toContain("Times are Beijing time (Asia/Shanghai).");
    expect(english.body.text).not.toMatch(/今日待跟进/);

    // Assess: nothing waits on someone new: no empty email
    expect(await digestsTo(idle)).toHaveLength(0);
  });

  it("goes out on working days only: none on Saturday and Sunday", async () => {
    // Act: a sweep each day at 09:30, Wednesday to the next Monday
    for (const day of ["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30"]) await sweepAt(`${day}T09:30`);

    // Assess
    expect((await digestsTo(rep)).map((e) => dayOf(e.subject))).toEqual(["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30"]);
  });

  it("follows a new digest time from the next digest on", async () => {
    // Act: moved to 07:00 on Monday afternoon
    const admin = await app.user({ name: "第三位管理员", roles: ["ADMIN"] });
    app.clock.set(shanghai("2026-11-30T15:00"));
    expect(await setOrganization(app, admin, { digestTime: "07:00" })).toMatchObject({ digestTime: "07:00" });
    await sweepAt("2026-12-01T06:59");
    const before = (await digestsTo(rep)).length;
    await sweepAt("2026-12-01T07:00");

    // Assess
    expect((await digestsTo(rep)).map((e) => dayOf(e.subject)).slice(before)).toEqual(["2026-12-01"]);
  });
});

describe("the daily digest over China's holidays", () => {
  let holidayApp: TestApp;
  let person: User;

  it("skips the National Day holiday and goes out on the make-up Saturday", async () => {
    // Prepare: the eve of National Day 2026 (1–7 October off, Saturday 10 October a workday), default time 08:30
    holidayApp = await testApp();
    holidayApp.clock.set(shanghai("2026-09-30T10:00"));
    person = await holidayApp.user({ name: "刘洋" });
    await customerDueOn(holidayApp, person, "2026-09-30");

    // Act: a sweep every day at 09:00 until 11 October
    for (let d = 1; d <= 11; d++) {
      holidayApp.clock.set(shanghai(`2026-10-${String(d).padStart(2, "0")}T09:00`));
      await runScheduledJobs(holidayApp.deps);
    }

    // Assess
    expect((await digestsTo(person)).map((e) => dayOf(e.subject))).toEqual(["2026-10-08", "2026-10-09", "2026-10-10"]);
  });
});

describe("the daily digest after an outage", () => {
  let outageApp: TestApp;
  let person: User;
  let customer: string;

  beforeAll(async () => {
    // Prepare (Monday 2026-11-23 10:00): a first sweep gives the organization its digest job (Tuesday 08:30)
    outageApp = await testApp();
    person = await outageApp.user({ name: "孙磊" });
    customer = await customerDueOn(outageApp, person, "2026-11-23");
    const first = await runScheduledJobs(outageApp.deps);
    expect(first.digestJobsCreated).toBe(1);
    expect((await outageApp.deps.store.dueJobs.getMany("DIGEST", [outageApp.orgId]))[0]).toMatchObject({ dueAt: shanghai("2026-11-24T08:30").toISOString() });
  });

  it("sends only the current day's digest when the sweep comes back after a week, not one per missed day", async () => {
    // Act: nothing ran from Monday until the next Wednesday at 10:00
    outageApp.clock.set(shanghai("2026-12-02T10:00"));
    await runScheduledJobs(outageApp.deps);
    outageApp.clock.set(shanghai("2026-12-02T11:00"));
    await runScheduledJobs(outageApp.deps);

    // Assess
    const sent = await digestsTo(person);
    expect(sent.map((e) => dayOf(e.subject))).toEqual(["2026-12-02"]);
    expect(sent[0].body.text).toContain(`${customer}：计划跟进日 2026-11-23，已逾期 9 天`);
  });

  it("sends one digest per person when two sweeps run at the same moment", async () => {
    // Act
    outageApp.clock.set(shanghai("2026-12-03T08:30"));
    const [a, b] = await Promise.all([runScheduledJobs(outageApp.deps), runScheduledJobs(outageApp.deps)]);

    // Assess
    expect((await digestsTo(person)).map((e) => dayOf(e.subject))).toEqual(["2026-12-02", "2026-12-03"]);
    expect([a, b].map((r) => r.due.find((d) => d.kind === "DIGEST")?.failed)).toEqual([0, 0]);
    expect((await outageApp.deps.store.dueJobs.getMany("DIGEST", [outageApp.orgId]))[0]?.dueAt).toBe(shanghai("2026-12-04T08:30").toISOString());
  });
});
