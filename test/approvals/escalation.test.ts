import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, GET_QUOTE, linkIn, openLink, press, quoteFor, SUBMIT, waitUntil } from "../support/approvals";

let app: TestApp;
let gm: User;
let manager: User;
let rep: User;

/** One level: the rep's manager, 2 seconds to decide, one escalation to their manager. */
const SLA_SECONDS = 2;
const status = async (id: string) => (await app.ok(rep, GET_QUOTE, { id })).quote;

beforeAll(async () => {
  app = await testApp();
  ({ gm, manager, rep } = await approvalTeam(app));
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
        slaHours: SLA_SECONDS / 3600,
        escalateToKind: "APPROVER_MANAGER",
        escalations: 1,
      },
    ],
  });
  expect(res.setApprovalPolicy.__typename).toBe("Organization");
});

describe("timeout escalation", () => {
  it("escalates an unanswered level to the approver's manager, reminds the approver, and the escalated step is decided", async () => {
    // Prepare
    const { id, number } = await quoteFor(app, rep, { list: 100_000, unit: 90_000, cost: 50_000 });
    await app.ok(rep, SUBMIT, { id });
    const original = await emailAbout(manager.email, number);

    // Act: nobody answers within the SLA
    const toGm = await emailAbout(gm.email, number, "升级审批");
    const reminder = await emailAbout(manager.email, number, "催办");

    // Assess: the old link now says where it went, and refuses a decision
    expect(toGm.body.text).toContain("王海涛未在时限内处理");
    const stale = await openLink(linkIn(original));
    expect(stale.html).toContain("该审批已超时升级至周总");
    expect(stale.html).not.toContain("<form");
    expect((await press(linkIn(original), "APPROVE")).html).toContain("该审批已超时升级至周总");
    expect((await status(id)).status).toBe("PENDING_APPROVAL");

    // The reminded approver may still decide with the new link.
    expect((await press(linkIn(reminder), "APPROVE", "抱歉出差刚回")).html).toContain("已记录您的决定");
    await waitUntil(async () => (await status(id)).status === "APPROVED");
    const steps = (await status(id)).approvals[0].steps;
    expect(steps.map((s: any) => [s.key, s.status])).toEqual([
      ["L00A00", "ESCALATED"],
      ["L00A01", "APPROVED"],
    ]);
    expect(steps[0].escalatedTo.map((u: any) => u.name)).toEqual(["周总"]);
    expect(steps[1].approvers.map((u: any) => u.name).sort()).toEqual(["周总", "王海涛"].sort());
    expect(steps[1].decidedBy.name).toBe("王海涛");
  });

  it("expires the request after the last escalation and tells the submitter", async () => {
    const { id, number } = await quoteFor(app, rep, { list: 100_000, unit: 90_000, cost: 50_000 });
    await app.ok(rep, SUBMIT, { id });
    await emailAbout(gm.email, number, "升级审批");
    const expired = await emailAbout(rep.email, number, "审批结果");
    expect(expired.subject).toContain("已过期");
    await waitUntil(async () => (await status(id)).status === "EXPIRED");
    const q = await status(id);
    expect(q.approvals[0].steps.map((s: any) => s.status)).toEqual(["ESCALATED", "EXPIRED"]);
    expect(q.revisions).toEqual([{ revision: 1, outcome: "EXPIRED" }]);
    const link = linkIn(await emailAbout(gm.email, number, "升级审批"));
    expect((await openLink(link)).html).toContain("该审批已结束");
    await app.workflows.idle();
  }, 20_000);
});
