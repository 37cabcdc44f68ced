import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { advance, GET, LOSE, MOVE, newDeal } from "../support/pipeline";

let app: TestApp;
let manager: User;
let rep: User;
let colleague: User;

const LIST = `query($filter: OpportunityFilter) { opportunities(filter: $filter) { edges { node { title stage daysInStage stalled owner { name } } } } }`;

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  manager = await app.user({ name: "王海涛", roles: ["MANAGER"] });
  rep = await app.user({ name: "陈刚", managerId: manager.id });
  colleague = await app.user({ name: "刘洋", managerId: manager.id });
});

describe("moving back, losing and reopening", () => {
  it("moves back only with a reason, and keeps the exact history", async () => {
    // Prepare
    const id = await newDeal(app, rep);
    app.clock.set("2026-11-23T02:00:00Z");
    await advance(app, rep, id, "NEEDS_CONFIRMED");
    app.clock.set("2026-11-25T08:30:00Z");

    // Act
    const noReason = (await app.ok(rep, MOVE, { input: { id, toStage: "FIRST_CONTACT" } })).moveOpportunity;
    const back = (await app.ok(rep, MOVE, { input: { id, toStage: "FIRST_CONTACT", reason: "客户预算被砍,需重新确认需求" } })).moveOpportunity;

    // Assess
    expect(noReason).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["reason"], code: "REQUIRED" }] });
    expect(back).toMatchObject({ stage: "FIRST_CONTACT", probability: 20 });
    const visits = back.stageHistory;
    expect(visits.map((v: any) => v.stage)).toEqual(["LEAD", "FIRST_CONTACT", "NEEDS_CONFIRMED", "FIRST_CONTACT"]);
    expect(visits[2]).toMatchObject({ enteredAt: "2026-11-23T02:00:00.000Z", exitedAt: "2026-11-25T08:30:00.000Z", dwellDays: 2.27 });
    expect(visits[3]).toMatchObject({ reason: "客户预算被砍,需重新确认需求", exitedAt: null, movedBy: { name: "陈刚" } });
    const tl = (await app.ok(rep, GET, { id })).opportunity.timeline.edges[0].node;
    expect(tl).toEqual({ kind: "STAGE_CHANGED", summary: "陈刚 将阶段从 需求确认 退回到 初步接触（客户预算被砍,需重新确认需求）" });
  });

  it("marks a deal lost from any stage with a reason, closes it in the forecast, and reopens it with a reason", async () => {
    const id = await newDeal(app, rep);
    await advance(app, rep, id, "QUOTED");
    const noReason = (await app.ok(rep, LOSE, { id, reason: " " })).markOpportunityLost;
    expect(noReason.__typename).toBe("ValidationError");
    const lost = (await app.ok(rep, LOSE, { id, reason: "价格高于竞品15%" })).markOpportunityLost;
    expect(lost).toMatchObject({ stage: "LOST", lostReason: "价格高于竞品15%", forecastCategory: "CLOSED", probability: 0 });

    const reopenWithout = (await app.ok(rep, MOVE, { input: { id, toStage: "QUOTED" } })).moveOpportunity;
    expect(reopenWithout.__typename).toBe("ValidationError");
    const reopened = (await app.ok(rep, MOVE, { input: { id, toStage: "QUOTED", reason: "客户重新询价" } })).moveOpportunity;
    expect(reopened).toMatchObject({ stage: "QUOTED", lostReason: null, forecastCategory: "PIPELINE" });
    expect(reopened.stageHistory.map((v: any) => v.stage).slice(-2)).toEqual(["LOST", "QUOTED"]);
  });

  it("refuses LOST through moveOpportunity (it needs markOpportunityLost's reason)", async () => {
    const id = await newDeal(app, rep);
    const res = (await app.ok(rep, MOVE, { input: { id, toStage: "LOST", reason: "x" } })).moveOpportunity;
    expect(res).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["toStage"], code: "USE_MARK_LOST" }] });
  });

  it("keeps one consistent history when the same deal is moved twice at once", async () => {
    const id = await newDeal(app, rep);
    await advance(app, rep, id, "FIRST_CONTACT");
    const [a, b] = await Promise.all([
      app.ok(rep, MOVE, { input: { id, toStage: "LEAD", reason: "重新评估" } }),
      app.ok(manager, MOVE, { input: { id, toStage: "LEAD", reason: "经理要求" } }),
    ]);
    expect([a.moveOpportunity.__typename, b.moveOpportunity.__typename]).toEqual(["Opportunity", "Opportunity"]);
    const o = (await app.ok(rep, GET, { id })).opportunity;
    expect(o.stageHistory.map((v: any) => v.stage)).toEqual(["LEAD", "FIRST_CONTACT", "LEAD"]);
  });

  it("lets only the owner's side move it", async () => {
    const id = await newDeal(app, rep);
    const res = (await app.ok(colleague, MOVE, { input: { id, toStage: "FIRST_CONTACT" } })).moveOpportunity;
    expect(res.__typename).toBe("NotFoundError");
  });
});

describe("stalled deals", () => {
  it("flags a deal that sat in its stage more than 5 days, and lists stalled ones longest first", async () => {
    // Prepare: two deals entering FIRST_CONTACT on different days
    app.clock.set("2026-12-01T02:00:00Z");
    const older = await newDeal(app, colleague, { title: "老商机" });
    await advance(app, colleague, older, "FIRST_CONTACT");
    app.clock.set("2026-12-02T02:00:00Z");
    const newer = await newDeal(app, colleague, { title: "新商机" });
    await advance(app, colleague, newer, "FIRST_CONTACT");

    // Act + Assess: exactly 5 days is not yet stalled
    app.clock.set("2026-12-06T02:00:00Z");
    expect((await app.ok(colleague, GET, { id: older })).opportunity).toMatchObject({ daysInStage: 5, stalled: false });
    app.clock.set("2026-12-07T03:00:00Z");
    expect((await app.ok(colleague, GET, { id: older })).opportunity).toMatchObject({ daysInStage: 6, stalled: true });
    expect((await app.ok(colleague, GET, { id: newer })).opportunity).toMatchObject({ daysInStage: 5, stalled: false });

    const stalled = (await app.ok(colleague, LIST, { filter: { stalled: true } })).opportunities.edges.map((e: any) => e.node.title);
    expect(stalled).toEqual(["老商机"]);
    app.clock.set("2026-12-20T00:00:00Z");
    const later = (await app.ok(manager, LIST, { filter: { stalled: true, ownerId: gid("User", colleague.id) } })).opportunities.edges.map((e: any) => e.node.title);
    expect(later).toEqual(["老商机", "新商机"]);
    expect((await app.ok(rep, LIST, { filter: { stalled: true, ownerId: gid("User", colleague.id) } })).opportunities.edges).toEqual([]);
  });
});
