import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { emailsTo, leadOf, local, updateOrg } from "./support";

/** ADMIN sets the working hours, the organization's own days and the follow-up SLA per stage. */
let app: TestApp;
let admin: User;
let rep: User;
const sweep = () => runScheduledJobs(app.deps);

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  rep = await app.user({ name: "陈刚" });
});

describe("business hours and follow-up SLA settings", () => {
  it("shows the defaults: 09:00–18:00 and the seeds' hours per stage", async () => {
    const { organization } = await app.ok(rep, `{ organization { businessHours { workStart workEnd closedDays extraWorkdays } followUpSlaHours { stage hours } } }`);
    expect(organization.businessHours).toEqual({ workStart: "09:00", workEnd: "18:00", closedDays: [], extraWorkdays: [] });
    expect(organization.followUpSlaHours).toEqual([
      { stage: "LEAD", hours: 2 },
      { stage: "FIRST_CONTACT", hours: 24 },
      { stage: "NEEDS_CONFIRMED", hours: 48 },
      { stage: "QUOTED", hours: 72 },
    ]);
  });

  it("refuses bad hours, days and stages with every field named, and changes nothing", async () => {
    // Act
    const res = await updateOrg(app, admin, {
      businessHours: { workStart: "18:00", workEnd: "09:00", closedDays: ["2026-02-30", "2026-12-01"], extraWorkdays: ["2026-12-01", "soon"] },
      followUpSlaHours: [{ stage: "CONTRACT_SIGNED", hours: 4 }, { stage: "LEAD", hours: -1 }, { stage: "QUOTED", hours: 1.1 }],
    });
    const tooMany = await updateOrg(app, admin, { businessHours: { closedDays: Array.from({ length: 367 }, () => "2026-12-01") } });
    const badTime = await updateOrg(app, admin, { businessHours: { workStart: "9:00", workEnd: "24:00" } });

    // Assess
    expect(res.__typename).toBe("ValidationError");
    expect(res.fields.map((f: any) => [f.path.join("."), f.code])).toEqual([
      ["businessHours.closedDays.0", "INVALID_DATE"],
      ["businessHours.extraWorkdays.1", "INVALID_DATE"],
      ["businessHours.workEnd", "NOT_AFTER_START"],
      ["businessHours.extraWorkdays", "ALSO_CLOSED"],
      ["followUpSlaHours.0.stage", "NO_SLA_FOR_STAGE"],
      ["followUpSlaHours.1.hours", "OUT_OF_RANGE"],
      ["followUpSlaHours.2.hours", "OUT_OF_RANGE"],
    ]);
    expect(res.fields.find((f: any) => f.code === "NOT_AFTER_START").message).toContain("下班时间必须晚于上班时间");
    expect(tooMany.fields.map((f: any) => f.code)).toEqual(["TOO_MANY"]);
    expect(badTime.fields.map((f: any) => [f.path.join("."), f.code])).toEqual([
      ["businessHours.workStart", "INVALID_TIME"],
      ["businessHours.workEnd", "INVALID_TIME"],
    ]);
    const { organization } = await app.ok(admin, `{ organization { version businessHours { workStart } } }`);
    expect(organization).toEqual({ version: 0, businessHours: { workStart: "09:00" } });
  });

  it("refuses a stage given twice, a day given twice or far from today, and says a stale version in Chinese punctuation (F10–F12)", async () => {
    // Act
    const res = await updateOrg(app, admin, {
      businessHours: { closedDays: ["2026-12-01", "2026-12-01", "1900-01-01", "9999-12-31", "2062-10-01", "2025-01-02"] },
      followUpSlaHours: [{ stage: "LEAD", hours: 3 }, { stage: "LEAD", hours: 5 }],
    });
    const stale = (await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 99, digestTime: "08:00" }) { __typename ... on Error { message } } }`)).updateOrganization;

    // Assess
    expect(res.fields.map((f: any) => [f.path.join("."), f.code])).toEqual([
      ["businessHours.closedDays.1", "DUPLICATE"],
      ["businessHours.closedDays.2", "OUT_OF_RANGE"],
      ["businessHours.closedDays.3", "OUT_OF_RANGE"],
      ["businessHours.closedDays.4", "OUT_OF_RANGE"],
      ["followUpSlaHours.1.stage", "DUPLICATE"],
    ]);
    expect(res.fields[1].message).toBe("日期应在 2025 年至 2029 年之间");
    expect(stale).toEqual({ __typename: "VersionConflictError", message: "数据已被他人修改（当前版本 0），请刷新后重试" });
  });

  it("saves them (days sorted) and counts deadlines with them, for deals already open too", async () => {
    // Prepare: a lead at Friday 17:00 (due Monday 10:00 by default)
    app.clock.set(local("2026-11-27T17:00"));
    const deal = await leadOf(app, rep);

    // Act: work from 08:30, closed on Monday 30 November, a 4-hour lead SLA
    const saved = await updateOrg(app, admin, {
      businessHours: { workStart: "08:30", workEnd: "17:30", closedDays: ["2026-11-30"], extraWorkdays: [] },
      followUpSlaHours: [{ stage: "LEAD", hours: 4 }],
    });

    // Assess: settings as saved, other stages unchanged
    expect(saved.businessHours).toEqual({ workStart: "08:30", workEnd: "17:30", closedDays: ["2026-11-30"], extraWorkdays: [] });
    expect(saved.followUpSlaHours[0]).toEqual({ stage: "LEAD", hours: 4 });
    expect(saved.followUpSlaHours[3]).toEqual({ stage: "QUOTED", hours: 72 });
    // Friday 17:00–17:30 counts half an hour; Monday is closed; 3.5 hours more on Tuesday: 12:00.
    app.clock.set(local("2026-11-30T12:00"));
    await sweep();
    app.clock.set(local("2026-12-01T11:59"));
    await sweep();
    expect(await emailsTo(rep, deal.title, "跟进超时")).toHaveLength(0);
    app.clock.set(local("2026-12-01T12:00"));
    await sweep();
    expect(await emailsTo(rep, deal.title, "跟进超时")).toHaveLength(1);
  });

  it("turns a stage's SLA off with 0", async () => {
    await updateOrg(app, admin, { followUpSlaHours: [{ stage: "LEAD", hours: 0 }] });
    app.clock.set(local("2026-12-02T09:00"));
    const deal = await leadOf(app, rep);
    app.clock.set(local("2026-12-04T17:00"));
    await sweep();
    expect(await emailsTo(rep, deal.title, "跟进超时")).toHaveLength(0);
  });
});
