import { beforeAll, describe, expect, it } from "vitest";
import { loadStep } from "../../functions/core/approval/tasks";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, quoteFor, SUBMIT } from "../support/approvals";
import { local } from "./support";

/** An approval level's SLA counts business hours: a quote submitted on Friday evening escalates on Monday. */
let app: TestApp;
let manager: User;
let rep: User;
const STEPS = `query($id: ID!) { quote(id: $id) { approvals { id steps { key status deadline } } } }`;

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep } = await approvalTeam(app));
  const admin = await app.user({ roles: ["ADMIN"] });
  const res = await app.ok(admin, `mutation($levels: [ApprovalLevelInput!]!) { setApprovalPolicy(kind: QUOTE, expectedVersion: 0, levels: $levels) {
    __typename ... on Error { message } } }`, {
    levels: [
      {
        key: "regional-manager",
        labelZh: "区域经理审批",
        labelEn: "Regional manager",
        anyOf: [{ field: "discountPercent", op: "GT", value: 5 }],
        approverKind: "SUBMITTER_MANAGER",
        slaHours: 2,
        escalateToKind: "APPROVER_MANAGER",
        escalations: 1,
      },
    ],
  });
  expect(res.setApprovalPolicy.__typename).toBe("Organization");
});

/** Submits a quote at a local time; its step's deadline and the request id. */
async function submitAt(time: string) {
  app.clock.set(local(time));
  const { id, number } = await quoteFor(app, rep, { list: 100_000, unit: 90_000, cost: 50_000 });
  await app.ok(rep, SUBMIT, { id });
  await emailAbout(manager.email, number);
  const [approval] = (await app.ok(rep, STEPS, { id })).quote.approvals;
  return { number, requestId: approval.id as string, deadline: approval.steps[0].deadline as string };
}

describe("approval SLA in business hours", () => {
  it("gives a quote submitted on Friday at 17:30 until Monday 10:30: the workflow still waits on Saturday", async () => {
    // Act
    const { number, requestId, deadline } = await submitAt("2026-11-27T17:30");

    // Assess: the deadline the approver is given, and what the workflow waits for
    expect(deadline).toBe(local("2026-11-30T10:30").toISOString());
    expect((await emailAbout(manager.email, number)).body.text).toContain("请在 2026-11-30 10:30 前处理");
    app.clock.set(local("2026-11-28T12:00"));
    const saturday = await loadStep(app.deps, requestId);
    expect(saturday).toMatchObject({ done: false, remainingSeconds: 46.5 * 3600 });
    app.clock.set(local("2026-11-30T10:29"));
    expect(await loadStep(app.deps, requestId)).toMatchObject({ done: false, remainingSeconds: 60 });
    // At 10:30 on Monday the wait is over: the level times out and escalates.
    app.clock.set(local("2026-11-30T10:30"));
    expect(await loadStep(app.deps, requestId)).toMatchObject({ done: false, remainingSeconds: 1 });
  });

  it("skips the National Day holiday: submitted on 30 September at 17:30, due on 8 October at 10:30", async () => {
    const { deadline } = await submitAt("2026-09-30T17:30");
    expect(deadline).toBe(local("2026-10-08T10:30").toISOString());
  });
});
