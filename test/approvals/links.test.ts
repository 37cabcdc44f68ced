import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, GET_QUOTE, linkIn, mailbox, openLink, press, quoteFor, SUBMIT, waitUntil } from "../support/approvals";

let app: TestApp;
let gm: User;
let manager: User;
let rep: User;
let finance: User;
let finance2: User;

/** 20% discount, 12.5% margin, ¥90,400 incl. VAT: regional manager, then finance, then the GM. */
const THREE_LEVELS = { list: 100_000, unit: 80_000, cost: 70_000 };
/** 10% discount, 30% margin: the regional manager only. */
const ONE_LEVEL = { list: 100_000, unit: 90_000, cost: 63_000 };

const status = async (id: string) => (await app.ok(rep, GET_QUOTE, { id })).quote;

beforeAll(async () => {
  app = await testApp();
  ({ gm, manager, rep, finance } = await approvalTeam(app));
  finance2 = await app.user({ name: "钱敏", roles: ["FINANCE"], managerId: gm.id, locale: "en" });
});

describe("approval by email links", () => {
  it("takes a quote through three levels by following the links in each approver's mailbox", async () => {
    // Prepare
    const { id, number } = await quoteFor(app, rep, THREE_LEVELS);

    // Act: submit, then each approver opens the link in their email and presses Approve
    const submitted = (await app.ok(rep, SUBMIT, { id })).submitQuote;
    expect(submitted).toMatchObject({ status: "PENDING_APPROVAL", revision: 1, discountPercent: 20, marginPercent: null });

    const toManager = await emailAbout(manager.email, number);
    expect(toManager.body.text).toContain("客户要求60天账期");
    expect(toManager.body.text).toContain("毛利率: 12.5%");
    const managerPage = await openLink(linkIn(toManager));
    expect(managerPage.status).toBe(200);
    expect(managerPage.html).toContain("区域经理审批");
    expect((await press(linkIn(toManager), "APPROVE", "同意特价,注意回款")).html).toContain("已记录您的决定");

    const toFinance = await emailAbout(finance.email, number);
    expect(toFinance.body.text).toContain("王海涛 批准");
    const toFinanceEn = await emailAbout(finance2.email, number, "Approval needed");
    expect(toFinanceEn.body.text).toContain("Gross margin: 12.5%");
    await press(linkIn(toFinance), "APPROVE");

    const toGm = await emailAbout(gm.email, number);
    await press(linkIn(toGm), "APPROVE", "可以");

    // Assess
    await waitUntil(async () => (await status(id)).status === "APPROVED");
    const q = await status(id);
    expect(q.approvals).toHaveLength(1);
    expect(q.approvals[0]).toMatchObject({ status: "APPROVED", revision: 1 });
    expect(q.approvals[0].steps.map((s: any) => [s.key, s.status, s.decidedBy?.name])).toEqual([
      ["L00A00", "APPROVED", "王海涛"],
      ["L01A00", "APPROVED", "林芳"],
      ["L02A00", "APPROVED", "周总"],
    ]);
    expect(q.revisions).toEqual([{ revision: 1, outcome: "APPROVED" }]);
    const outcome = await emailAbout(rep.email, number, "审批结果");
    expect(outcome.subject).toContain("已批准");
    expect(outcome.subject.startsWith("审批结果：")).toBe(true); // full-width colon in Chinese (F20)
    await app.workflows.idle();
  });

  it("stops at a rejection on level 2 and tells the submitter; the GM is never asked", async () => {
    const gmBefore = (await mailbox(gm.email)).length;
    const { id, number } = await quoteFor(app, rep, THREE_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    await press(linkIn(await emailAbout(manager.email, number)), "APPROVE");
    const second = await emailAbout(finance.email, number);
    expect((await press(linkIn(second), "REJECT", "毛利过低,请重新核算成本")).html).toContain("已记录您的决定");

    await waitUntil(async () => (await status(id)).status === "REJECTED");
    await app.workflows.idle();
    const q = await status(id);
    expect(q.approvals[0].steps.map((s: any) => s.status)).toEqual(["APPROVED", "REJECTED"]);
    expect(q.approvals[0].steps[1].comment).toBe("毛利过低,请重新核算成本");
    expect((await emailAbout(rep.email, number, "被驳回")).body.text).toContain("毛利过低");
    expect((await mailbox(gm.email)).length).toBe(gmBefore);
  });

  it("changes nothing on GET or HEAD (mail scanners), however often", async () => {
    const { id, number } = await quoteFor(app, rep, ONE_LEVEL);
    await app.ok(rep, SUBMIT, { id });
    const link = linkIn(await emailAbout(manager.email, number));
    for (let i = 0; i < 3; i++) {
      expect((await openLink(link)).status).toBe(200);
      expect((await openLink(link, "HEAD")).status).toBe(200);
    }
    const page = await openLink(link);
    expect(page.html).toContain('<form method="post">');
    expect(page.html).not.toMatch(/<script|onload|http-equiv="refresh"/i);
    const q = await status(id);
    expect(q.status).toBe("PENDING_APPROVAL");
    expect(q.approvals[0].steps.map((s: any) => s.status)).toEqual(["PENDING"]);
    await press(link, "APPROVE");
    await waitUntil(async () => (await status(id)).status === "APPROVED");
  });

  it("records one decision for a double click, and the second click is told who decided", async () => {
    const { id, number } = await quoteFor(app, rep, ONE_LEVEL);
    await app.ok(rep, SUBMIT, { id });
    const link = linkIn(await emailAbout(manager.email, number));
    const [a, b] = await Promise.all([press(link, "APPROVE"), press(link, "REJECT")]);
    const pages = [a.html, b.html];
    expect(pages.filter((h) => h.includes("已记录您的决定"))).toHaveLength(1);
    expect(pages.filter((h) => h.includes("已由王海涛于"))).toHaveLength(2);
    const again = await press(link, "APPROVE");
    expect(again.html).toContain("已由王海涛于");
    await waitUntil(async () => ["APPROVED", "REJECTED"].includes((await status(id)).status));
    const q = await status(id);
    expect(q.approvals[0].steps).toHaveLength(1);
    expect(q.timeline.edges.filter((e: any) => e.node.kind === "APPROVAL_DECIDED")).toHaveLength(1);
  });

  it("lets exactly one of two racing finance approvers decide", async () => {
    const { id, number } = await quoteFor(app, rep, { list: 100_000, unit: 100_000, cost: 90_000 }); // margin 10%: finance only
    await app.ok(rep, SUBMIT, { id });
    const e1 = await emailAbout(finance.email, number);
    const e2 = await emailAbout(finance2.email, number, "Approval needed");
    const [a, b] = await Promise.all([press(linkIn(e1), "APPROVE"), press(linkIn(e2), "REJECT")]);
    const recorded = [a.html.includes("已记录您的决定"), b.html.includes("Your decision is recorded")];
    expect(recorded.filter(Boolean)).toHaveLength(1);
    await waitUntil(async () => ["APPROVED", "REJECTED"].includes((await status(id)).status));
    const q = await status(id);
    expect(q.status).toBe(recorded[0] ? "APPROVED" : "REJECTED");
    expect(q.approvals[0].steps[0].decidedBy.name).toBe(recorded[0] ? "林芳" : "钱敏");
  });

  it("refuses a tampered, unknown or expired link without saying why", async () => {
    const { id, number } = await quoteFor(app, rep, ONE_LEVEL);
    await app.ok(rep, SUBMIT, { id });
    const link = linkIn(await emailAbout(manager.email, number));
    const tampered = link.slice(0, -1) + (link.endsWith("A") ? "B" : "A");
    for (const bad of [tampered, link.replace(/approvals\/.*/, "approvals/not-a-link"), link.replace(/approvals\/.*/, `approvals/${"x".repeat(43)}`)]) {
      const get = await openLink(bad);
      expect(get.status).toBe(404);
      expect(get.html).toContain("链接无效或已过期");
      expect((await press(bad, "APPROVE")).status).toBe(404);
    }
    app.clock.advanceDays(15);
    try {
      expect((await openLink(link)).status).toBe(404);
      expect((await press(link, "APPROVE")).status).toBe(404);
    } finally {
      app.clock.advanceDays(-15);
    }
    expect((await status(id)).status).toBe("PENDING_APPROVAL");
  });
});
