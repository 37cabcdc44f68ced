import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, linkIn, openLink, press, priceBookKeeper, quoteFor, SUBMIT, waitUntil } from "../support/approvals";

let app: TestApp;
let gm: User;
let manager: User;
let rep: User;
let finance: User;
let admin: User;

/** 20% discount, 12.5% margin: regional manager, then finance, then the GM. */
const THREE_LEVELS = { list: 100_000, unit: 80_000, cost: 70_000 };

const MY = `{ myApprovals { id summary { reference } } }`;
const DECIDE = `mutation($id: ID!, $d: ApprovalDecision!) { decideApproval(id: $id, decision: $d) {
  __typename ... on Error { message } ... on ApprovalRequest { status } } }`;
const UPDATE_USER = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename ... on Error { message } ... on User { active roles version } } }`;
const APPROVALS = `query($id: ID!) { quote(id: $id) { status approvals { status steps { key status approvers { name } decidedBy { name } routingNote } } } }`;

const mineFor = async (who: User, number: string) => (await app.ok(who, MY)).myApprovals.filter((a: any) => a.summary.reference.startsWith(number));
const versionOf = async (u: User) => (await app.reload(u)).version;

beforeAll(async () => {
  app = await testApp();
  ({ gm, manager, rep, finance } = await approvalTeam(app));
  admin = await priceBookKeeper(app);
});

describe("who may decide", () => {
  it("refuses a deactivated approver's link, on the page and on the button, and records nothing", async () => {
    // Prepare: the quote waits on the regional manager, who then leaves
    const { id, number } = await quoteFor(app, rep, THREE_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    const link = linkIn(await emailAbout(manager.email, number));
    const left = await app.ok(admin, UPDATE_USER, { input: { id: gid("User", manager.id), expectedVersion: await versionOf(manager), active: false } });
    expect(left.updateUser).toMatchObject({ __typename: "User", active: false });

    // Act
    const page = await openLink(link);
    const pressed = await press(link, "APPROVE");

    // Assess: told why, shown no figures, and the step still waits
    expect(page.status).toBe(403);
    expect(page.html).toContain("您已不再是该审批的审批人");
    expect(page.html).not.toContain("<form");
    expect(page.html).not.toContain("客户要求60天账期");
    expect(pressed.html).toContain("您已不再是该审批的审批人");
    const q = (await app.ok(rep, APPROVALS, { id })).quote;
    expect(q.status).toBe("PENDING_APPROVAL");
    expect(q.approvals[0].steps[0]).toMatchObject({ status: "PENDING", decidedBy: null });

    // The manager comes back: the same link decides again
    await app.ok(admin, UPDATE_USER, { input: { id: gid("User", manager.id), expectedVersion: await versionOf(manager), active: true } });
    expect((await press(link, "APPROVE")).html).toContain("已记录您的决定");
  });

  it("refuses a regional manager whose MANAGER role was taken away, though still the rep's manager", async () => {
    // Prepare: a manager-only quote (10% off); its manager stops being a manager
    const boss = await app.user({ name: "郑经理", roles: ["MANAGER"], managerId: gm.id });
    const seller = await app.user({ name: "何伟", managerId: boss.id });
    const { id, number } = await quoteFor(app, seller, { list: 100_000, unit: 90_000, cost: 60_000 });
    await app.ok(seller, SUBMIT, { id });
    const link = linkIn(await emailAbout(boss.email, number));
    await app.ok(admin, UPDATE_USER, { input: { id: gid("User", boss.id), expectedVersion: await versionOf(boss), roles: ["REP"] } });

    // Act
    const page = await openLink(link);
    const pressed = await press(link, "APPROVE");

    // Assess
    expect(page.status).toBe(403);
    expect(pressed.status).toBe(403);
    expect((await app.ok(seller, APPROVALS, { id })).quote.approvals[0].steps.map((s: any) => s.status)).toEqual(["PENDING"]);
  });

  it("refuses a finance approver whose FINANCE role was taken away, in the API, in English for them", async () => {
    // Prepare: the quote reaches finance; one of two finance users moves to sales
    const other = await app.user({ name: "钱敏", roles: ["FINANCE"], managerId: gm.id, locale: "en" });
    const { id, number } = await quoteFor(app, rep, THREE_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    await press(linkIn(await emailAbout(manager.email, number)), "APPROVE");
    await waitUntil(async () => (await mineFor(other, number)).length === 1);
    const [task] = await mineFor(other, number);
    await app.ok(admin, UPDATE_USER, { input: { id: gid("User", other.id), expectedVersion: await versionOf(other), roles: ["REP"] } });

    // Act
    const refused = (await app.ok(await app.reload(other), DECIDE, { id: task.id, d: "APPROVE" })).decideApproval;

    // Assess
    expect(refused).toMatchObject({ __typename: "ApproverNotEligibleError", message: expect.stringContaining("You can no longer decide this approval") });
    const q = (await app.ok(rep, APPROVALS, { id })).quote;
    expect(q.approvals[0].steps.map((s: any) => [s.key, s.status])).toEqual([
      ["L00A00", "APPROVED"],
      ["L01A00", "PENDING"],
    ]);
    // Finance who still is finance decides.
    const [mine] = await mineFor(finance, number);
    expect((await app.ok(finance, DECIDE, { id: mine.id, d: "APPROVE" })).decideApproval.__typename).toBe("ApprovalRequest");
  });

  it("never lets the general manager approve their own quote: their levels go to someone else, and the history says why", async () => {
    // Prepare: the GM quotes a deal of their own (they have no manager; nobody else holds GM)
    const { id, number } = await quoteFor(app, gm, THREE_LEVELS);

    // Act
    await app.ok(gm, SUBMIT, { id });
    await waitUntil(async () => (await mineFor(admin, number)).length === 1);
    const [first] = await mineFor(admin, number);
    await app.ok(admin, DECIDE, { id: first.id, d: "APPROVE" });
    await waitUntil(async () => (await mineFor(finance, number)).length === 1);
    const [toFinance] = await mineFor(finance, number);
    await app.ok(finance, DECIDE, { id: toFinance.id, d: "APPROVE" });
    await waitUntil(async () => (await mineFor(admin, number)).length === 1);

    // Assess: the GM is never asked, the ADMIN is, and each step says why
    expect(await mineFor(gm, number)).toEqual([]);
    const steps = (await app.ok(gm, APPROVALS, { id })).quote.approvals[0].steps;
    expect(steps.map((s: any) => [s.key, s.approvers.map((u: any) => u.name), s.routingNote])).toEqual([
      ["L00A00", ["系统管理员"], "按审批规则找不到审批人，已转交系统管理员审批"],
      ["L01A00", ["林芳"], null],
      ["L02A00", ["系统管理员"], "提交人不能审批自己的申请，已转交系统管理员审批"],
    ]);
    const toAdmin = await emailAbout(admin.email, number);
    expect((await openLink(linkIn(toAdmin))).html).toContain("提交人不能审批自己的申请，已转交系统管理员审批");
    const [last] = await mineFor(admin, number);
    expect((await app.ok(admin, DECIDE, { id: last.id, d: "APPROVE" })).decideApproval.__typename).toBe("ApprovalRequest");
    await waitUntil(async () => (await app.ok(gm, APPROVALS, { id })).quote.status === "APPROVED");
  });

  it("sends a submitting finance user's finance level to the rest of finance, never to themselves", async () => {
    // Prepare: finance quotes a deal (as a rep would) under the GM
    const seller = await app.user({ name: "赵财务", roles: ["FINANCE", "REP"], managerId: gm.id });
    const { id, number } = await quoteFor(app, seller, THREE_LEVELS);

    // Act
    await app.ok(seller, SUBMIT, { id });
    await waitUntil(async () => (await mineFor(gm, number)).length === 1);
    const [first] = await mineFor(gm, number);
    await app.ok(gm, DECIDE, { id: first.id, d: "APPROVE" });
    await waitUntil(async () => (await mineFor(finance, number)).length === 1);

    // Assess
    expect(await mineFor(seller, number)).toEqual([]);
    const steps = (await app.ok(gm, APPROVALS, { id })).quote.approvals[0].steps;
    expect(steps[1].approvers.map((u: any) => u.name)).not.toContain("赵财务");
  });
});
