import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import { createActor } from "../../functions/core/actor";
import { workOrdersAssigned, workOrdersToWatch } from "../../functions/core/work-order/digest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { mailbox } from "../support/approvals";
import { assign, CREATE_WO, designRequest, GET_WO, move, shanghai, workOrderTeam } from "./support";

/** Deadlines in business hours, and what happens when one passes: the ticket turns red, the supervisor hears once. */
let app: TestApp;
let team: Awaited<ReturnType<typeof workOrderTeam>>;

beforeAll(async () => {
  app = await testApp();
  team = await workOrderTeam(app);
});

const sweep = () => runScheduledJobs(app.deps);
const get = async (as: User, id: string) => (await app.ok(as, GET_WO, { id })).workOrder;
/** The breach emails about `title` in someone's mailbox. */
const breachMail = async (u: User, title: string) =>
  (await mailbox(u.email)).filter((e) => e.subject === `工单响应超时：${title}` || e.subject === `工单处理超时：${title}` || e.subject.startsWith("Work order past its") && e.subject.endsWith(`: ${title}`));

describe("deadlines in business hours", () => {
  it("counts across a weekend: made Friday 17:00, urgent response is due Monday 10:00, normal Monday 12:00", async () => {
    // Prepare: Friday 2026-11-27 17:00 in Shanghai; one working hour left that day (to 18:00)
    app.clock.set(shanghai("2026-11-27T17:00"));

    // Act
    const urgent = await designRequest(app, team.rep, { title: "周五加急", urgent: true });
    const normal = await designRequest(app, team.rep, { title: "周五普通" });

    // Assess: 1 h on Friday, then 1 h (urgent: 2 h) or 3 h (normal: 4 h) from 09:00 on Monday 2026-11-30.
    // Resolution: urgent 24 h = 1 h Friday + 9 h Mon + 9 h Tue + 5 h Wed → Wednesday 14:00; normal 40 h = 1 + 9×4 + 3 → Friday 12-04 12:00.
    expect(urgent).toMatchObject({ responseDueAt: shanghai("2026-11-30T10:00").toISOString(), resolutionDueAt: shanghai("2026-12-02T14:00").toISOString() });
    expect(normal).toMatchObject({ responseDueAt: shanghai("2026-11-30T12:00").toISOString(), resolutionDueAt: shanghai("2026-12-04T12:00").toISOString() });
  });

  it("skips the National Day holiday: made 2026-09-30 17:00, the 4-hour response is due 2026-10-08 12:00", async () => {
    // Prepare
    app.clock.set(shanghai("2026-09-30T17:00"));

    // Act
    const wo = await designRequest(app, team.rep, { title: "国庆前提交" });

    // Assess: 1 h on 09-30, 10-01..07 off, then 3 h from 09:00 on Thursday 10-08
    expect(wo.responseDueAt).toBe(shanghai("2026-10-08T12:00").toISOString());
    await move(app, team.engineer, wo.id, "REJECTED", "测试数据，不处理");
  });
});

describe("breaches", () => {
  it("turn the ticket red and email the assignee's supervisor once, however many sweeps run, also concurrently", async () => {
    // Prepare: Monday 10:00, assigned to 郑工 (whose supervisor is the technical director 马志远)
    app.clock.set(shanghai("2026-11-23T10:00"));
    const wo = await designRequest(app, team.rep, { title: "响应超时-已分派" });
    await assign(app, team.director, wo.id, team.engineer);

    // Act + Assess: at 13:59 nothing is late, and a sweep sends nothing
    app.clock.set(shanghai("2026-11-23T13:59"));
    await sweep();
    expect((await get(team.rep, wo.id)).breached).toEqual([]);
    expect(await breachMail(team.director, "响应超时-已分派")).toEqual([]);

    // Act: past 14:00, sweeps one after another and two at once
    app.clock.set(shanghai("2026-11-23T14:01"));
    expect((await get(team.rep, wo.id)).breached).toEqual(["RESPONSE"]); // red before any sweep
    await sweep();
    await sweep();
    await Promise.all([sweep(), sweep()]);

    // Assess
    const mail = await breachMail(team.director, "响应超时-已分派");
    expect(mail.map((e) => e.subject)).toEqual(["工单响应超时：响应超时-已分派"]);
    expect(mail[0].body.text).toContain("工单「响应超时-已分派」（处理人 郑工）的响应时限为 2026-11-23 14:00（北京时间），现已超时。");
    expect(mail[0].body.text).toContain("类型：非标设计；客户：无；提出人：陈刚；创建时间：2026-11-23 10:00。");
    expect(await breachMail(team.engineer, "响应超时-已分派")).toEqual([]);
    const after = await get(team.rep, wo.id);
    expect(after.breached).toEqual(["RESPONSE"]);
    expect(after.timeline.edges.filter((e: any) => e.node.kind === "WORK_ORDER_BREACHED").map((e: any) => e.node.summary)).toEqual([
      "工单「响应超时-已分派」响应超时，已通知 马志远",
    ]);
  });

  it("of an unassigned order go to the department's head (TECH: the technical director; FINANCE without one: the GM)", async () => {
    // Prepare
    app.clock.set(shanghai("2026-11-24T10:00"));
    const tech = await designRequest(app, team.rep, { title: "无人受理-技术" });
    const fin = (
      await app.ok(team.rep, CREATE_WO, {
        input: { typeKey: "CREDIT_TERM_CHANGE", title: "无人受理-账期", urgent: true, fields: [{ key: "currentTermDays", number: 30 }, { key: "requestedTermDays", number: 60 }, { key: "reason", text: "客户资金周转" }] },
      })
    ).createWorkOrder;

    // Act: urgent response (2 h) and normal (4 h) both passed
    app.clock.set(shanghai("2026-11-24T14:30"));
    await sweep();

    // Assess
    expect((await breachMail(team.director, "无人受理-技术")).map((e) => e.subject)).toEqual(["工单响应超时：无人受理-技术"]);
    expect((await breachMail(team.gm, "无人受理-账期")).map((e) => e.subject)).toEqual(["工单响应超时：无人受理-账期"]);
    expect((await get(team.rep, fin.id)).breached).toEqual(["RESPONSE"]);
    expect((await get(team.rep, tech.id)).breached).toEqual(["RESPONSE"]);
  });

  it("is not one when acknowledged in time (its job is cancelled), and still one when acknowledged late", async () => {
    // Prepare
    app.clock.set(shanghai("2026-11-25T10:00"));
    const onTime = await designRequest(app, team.rep, { title: "及时受理" });
    const late = await designRequest(app, team.rep, { title: "迟到受理" });
    app.clock.set(shanghai("2026-11-25T13:00"));
    await move(app, team.engineer, onTime.id, "ACKNOWLEDGED");

    // Act
    app.clock.set(shanghai("2026-11-25T15:00"));
    await move(app, team.engineer2, late.id, "ACKNOWLEDGED");
    await sweep();

    // Assess
    expect((await get(team.rep, onTime.id)).breached).toEqual([]);
    expect(await breachMail(team.director, "及时受理")).toEqual([]);
    expect((await get(team.rep, late.id)).breached).toEqual(["RESPONSE"]);
    const mail = await breachMail(team.director, "迟到受理");
    expect(mail).toHaveLength(1);
    expect(mail[0].body.text).toContain("吴工");
  });

  it("of the resolution deadline are recorded too, and the digest lists the person's open orders red first", async () => {
    // Prepare: two orders for 郑工, one resolved late the other still on time
    app.clock.set(shanghai("2026-11-26T09:00"));
    const red = await designRequest(app, team.rep, { title: "处理超时", urgent: true });
    app.clock.set(shanghai("2026-11-26T09:30"));
    const green = await designRequest(app, team.rep, { title: "处理中-未超时" });
    for (const wo of [red, green]) {
      await assign(app, team.director, wo.id, team.engineer);
      await move(app, team.engineer, wo.id, "ACKNOWLEDGED");
    }

    // Act: urgent 24 business hours from Thursday 09:00 = Thu 9 + Fri 9 + Mon 6 → Monday 11-30 15:00
    app.clock.set(shanghai("2026-11-30T15:01"));
    await sweep();
    const items = await workOrdersAssigned(app.deps, await createActor(team.engineer, app.deps).org(), team.engineer, "2026-11-30");

    // Assess
    expect(red.resolutionDueAt).toBe(shanghai("2026-11-30T15:00").toISOString());
    expect((await get(team.rep, red.id)).breached).toEqual(["RESOLUTION"]);
    expect((await breachMail(team.director, "处理超时")).map((e) => e.subject)).toEqual(["工单处理超时：处理超时"]);
    const titles = items.map((i) => i.title.zh);
    const firstOnTime = titles.findIndex((t) => !t.startsWith("【超时】"));
    expect(titles.slice(firstOnTime).filter((t) => t.startsWith("【超时】"))).toEqual([]); // red ones first
    expect(titles.slice(0, firstOnTime)).toContain("【超时】非标设计：处理超时");
    expect(titles.slice(firstOnTime)).toContain("非标设计：处理中-未超时");
  });
  it("puts the department's unassigned orders in its people's digest, late first, and repeats a breach to whoever was emailed (F24)", async () => {
    // Prepare: an order nobody picks up, made Tuesday 09:00 (response due 13:00)
    app.clock.set(shanghai("2026-12-01T09:00"));
    await designRequest(app, team.rep, { title: "无人受理" });
    app.clock.set(shanghai("2026-12-01T09:10"));
    await designRequest(app, team.rep, { title: "刚提交" });

    // Act: past the first one's response deadline, after the sweep emailed the breach
    app.clock.set(shanghai("2026-12-01T13:01"));
    await sweep();
    app.clock.set(shanghai("2026-12-01T13:05"));
    const org = await createActor(team.engineer, app.deps).org();
    const watched = async (u: User) => (await workOrdersToWatch(app.deps, org, u, "2026-12-02")).map((i) => i.title.zh);

    // Assess
    expect((await breachMail(team.director, "无人受理")).length).toBe(1);
    const engineer2 = await watched(team.engineer2);
    expect(engineer2).toContain("【超时】非标设计：无人受理");
    expect(engineer2).toContain("【待分派】非标设计：刚提交");
    expect(engineer2.indexOf("【超时】非标设计：无人受理")).toBeLessThan(engineer2.indexOf("【待分派】非标设计：刚提交"));
    expect(await watched(team.director)).toContain("【超时】非标设计：无人受理");
    expect((await watched(team.finance)).filter((t) => t.includes("非标设计"))).toEqual([]); // another department's queue
  });
});
