import { beforeAll, describe, expect, it } from "vitest";
import { formatLocalTime } from "../../functions/core/format";
import type { User } from "../../functions/core/user";
import { gid, httpApiEvent, testApp, type TestApp } from "../support/app";
import { mailbox } from "../support/approvals";
import { answer } from "../support/quote-links";
import { ENGAGEMENT, pagedQuote, sendQuoteTo, VIEWS, viewer, wait } from "./tracking-fixtures";

/**
 * Read tracking after the testers: a customer who opens the link right after it was sent still counts,
 * a script run for a moment does not, the deal's owner now is the one told, and where a visit came from
 * is for managers.
 */
let app: TestApp;
let admin: User;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
});

const engagementOf = async (as: User, quoteId: string) => (await app.ok(as, ENGAGEMENT, { id: quoteId })).quote;
const viewsOf = async (as: User, quoteId: string, kind?: string) => (await app.ok(as, VIEWS, { id: quoteId, kind })).quote.views.edges.map((e: any) => e.node);
const mailAbout = async (to: User, number: string) => (await mailbox(to.email)).filter((e) => e.subject.includes(number)).map((e) => e.subject);

/** A reader on the link: opens the page, its script reports at once and every 15 s after, for `beats` more reports. */
async function read(viewId: string, beats = 1, page = 1) {
  const o = await viewer(app, viewId).open();
  await viewer(app, viewId).beat(o.visitToken, page, o.pageCount as number);
  for (let i = 0; i < beats; i++) {
    wait(app, 15);
    await viewer(app, viewId).beat(o.visitToken, page, o.pageCount as number);
  }
}

describe("who counts as the customer", () => {
  it("counts a customer who opened the link within 30 s of sending once their tab keeps reporting after the 30 s, with all the tab's reading", async () => {
    // Prepare: the rep sends while on the phone with the customer
    const rep = await app.user({ name: "陈刚" });
    const quote = await pagedQuote(app, rep);
    const { viewId } = await sendQuoteTo(app, rep, quote.id);
    const sentAt = app.clock.now().getTime();

    // Act: the customer opens it 26 s later and reads pages 1 to 3 for a minute (a report every 15 s)
    wait(app, 26);
    const o = await viewer(app, viewId).open();
    const beats: [page: number, afterSeconds: number][] = [[1, 0], [1, 15], [2, 15], [2, 15], [3, 15]];
    for (const [page, seconds] of beats) {
      wait(app, seconds);
      expect(await viewer(app, viewId).beat(o.visitToken, page, o.pageCount as number)).toBe(true);
    }

    // Assess: one human visit of 60 s, read from the first report after the 30 s; the rep is told
    const { engagement, sends } = await engagementOf(rep, quote.id);
    const firstCounted = new Date(sentAt + 41_000).toISOString();
    expect(engagement).toMatchObject({ humanVisits: 1, machineViews: 0, totalDwellSeconds: 60, firstHumanViewAt: firstCounted });
    expect(engagement.pages).toEqual([
      { revision: 1, page: 1, dwellSeconds: 15, visits: 1 },
      { revision: 1, page: 2, dwellSeconds: 30, visits: 1 },
      { revision: 1, page: 3, dwellSeconds: 15, visits: 1 },
    ]);
    expect(sends[0]).toMatchObject({ views: 1, firstViewedAt: firstCounted });
    expect(await viewsOf(rep, quote.id, "MACHINE")).toEqual([]);
    expect(await viewsOf(rep, quote.id)).toMatchObject([{ kind: "HUMAN", reason: null, dwellSeconds: 60, openings: 1 }]);
    expect(await mailAbout(rep, quote.number)).toEqual([`客户已查看报价单 ${quote.number}`]);
  });

  it("keeps a mail scanner's run of the page right after sending apart, even one that reports a little past the 30 s", async () => {
    // Prepare
    const rep = await app.user({ name: "刘洋" });
    const quote = await pagedQuote(app, rep);
    const { viewId } = await sendQuoteTo(app, rep, quote.id);

    // Act: the scanner fetches after 5 s and its sandbox runs the script for 30 s (reports at 5, 20 and 35 s)
    wait(app, 5);
    const o = await viewer(app, viewId).open();
    for (const seconds of [0, 15, 15]) {
      wait(app, seconds);
      await viewer(app, viewId).beat(o.visitToken, 1, o.pageCount as number);
    }
    wait(app, 600);

    // Assess
    const { engagement } = await engagementOf(rep, quote.id);
    expect(engagement).toMatchObject({ humanVisits: 0, machineViews: 1, totalDwellSeconds: 0, firstHumanViewAt: null });
    expect(await viewsOf(rep, quote.id, "MACHINE")).toMatchObject([{ reason: "JUST_SENT" }]);
    expect(await mailAbout(rep, quote.number)).toEqual([]);
  });

  it("needs a visible tab reporting twice at least 10 s apart; the customer's first view is the first report, not the page fetch", async () => {
    // Prepare
    const rep = await app.user({ name: "王磊" });
    const quote = await pagedQuote(app, rep);
    const { viewId } = await sendQuoteTo(app, rep, quote.id);
    wait(app, 600);

    // Act: a sandbox with a desktop browser's agent runs the page's script for a second, then hides it
    const sandbox = await viewer(app, viewId).open();
    await viewer(app, viewId).beat(sandbox.visitToken, 1, sandbox.pageCount as number);
    wait(app, 1);
    await viewer(app, viewId).beat(sandbox.visitToken, 1, sandbox.pageCount as number);
    await viewer(app, viewId).beat(sandbox.visitToken, 1, sandbox.pageCount as number, { final: true });
    const afterSandbox = await engagementOf(rep, quote.id);
    const mailAfterSandbox = await mailAbout(rep, quote.number);
    // An hour later the customer's page is fetched at 09:59:56 and its script first reports 8 s later (page loaded), then goes on
    const hour = 3_600_000;
    app.clock.set(new Date(Math.ceil((app.clock.now().getTime() + hour) / hour) * hour - 4_000));
    const customer = await viewer(app, viewId).open();
    wait(app, 8);
    const firstReport = app.clock.now().toISOString();
    await viewer(app, viewId).beat(customer.visitToken, 1, customer.pageCount as number);
    const afterOneReport = await engagementOf(rep, quote.id);
    wait(app, 15);
    await viewer(app, viewId).beat(customer.visitToken, 2, customer.pageCount as number);

    // Assess: the sandbox never counted; the customer did, from the first report, with the dwell since the fetch
    expect(afterSandbox.engagement).toMatchObject({ humanVisits: 0, machineViews: 1, firstHumanViewAt: null });
    expect(mailAfterSandbox).toEqual([]);
    expect(afterOneReport.engagement).toMatchObject({ humanVisits: 0, machineViews: 2, firstHumanViewAt: null });
    const { engagement, sends } = await engagementOf(rep, quote.id);
    expect(engagement).toMatchObject({ humanVisits: 1, machineViews: 1, totalDwellSeconds: 23, firstHumanViewAt: firstReport });
    expect(sends[0]).toMatchObject({ views: 1, firstViewedAt: firstReport });
    expect((await viewsOf(rep, quote.id, "MACHINE")).map((v: any) => [v.reason, v.dwellSeconds])).toEqual([["NO_SCRIPT", 1]]);
    const [email] = (await mailbox(rep.email)).filter((e) => e.subject.includes(quote.number));
    expect(email.body.text).toContain(`客户已于 ${formatLocalTime(firstReport, "Asia/Shanghai")} 首次在线查看`);
    expect(formatLocalTime(firstReport, "Asia/Shanghai")).toMatch(/ \d\d:00$/);
  });
});

describe("who is told", () => {
  it("tells the deal's owner now, and a colleague who sent the email, never the former owner who lost the deal", async () => {
    // Prepare: 陈刚 sends the quote; his manager moves the deal to 刘洋, then sends it again himself
    const manager = await app.user({ name: "王海涛", roles: ["MANAGER"] });
    const former = await app.user({ name: "陈刚", managerId: manager.id });
    const owner = await app.user({ name: "刘洋", managerId: manager.id });
    const quote = await pagedQuote(app, former);
    const before = await sendQuoteTo(app, former, quote.id);
    const { opportunity } = (await app.ok(former, `query($id: ID!) { quote(id: $id) { opportunity { id version } } }`, { id: quote.id })).quote;
    const moved = await app.ok(manager, `mutation($input: UpdateOpportunityInput!) { updateOpportunity(input: $input) { __typename ... on Error { message } ... on ValidationError { fields { path message } } ... on Opportunity { owner { name } } } }`, {
      input: { id: opportunity.id, expectedVersion: opportunity.version, ownerId: gid("User", owner.id) },
    });
    const byManager = await sendQuoteTo(app, manager, quote.id);
    wait(app, 600);

    // Act: the customer reads both emails' links, asks for changes through the manager's, accepts through 陈刚's
    await read(before.viewId);
    await read(byManager.viewId);
    const changes = await answer(app, byManager.viewId, "changes", { comment: "请把交期改为四周" });
    const accepted = await answer(app, before.viewId, "accept", { name: "顾晓明", title: "采购经理" });

    // Assess
    expect(moved.updateOpportunity).toMatchObject({ __typename: "Opportunity", owner: { name: "刘洋" } });
    expect([changes.statusCode, accepted.statusCode]).toEqual([303, 303]);
    const viewed = `客户已查看报价单 ${quote.number}`;
    const asked = `客户对报价单 ${quote.number}（第 1 版）提出修改意见`;
    const yes = `客户已接受报价单 ${quote.number}（第 1 版）`;
    expect((await mailAbout(owner, quote.number)).sort()).toEqual([asked, yes, viewed, viewed].sort());
    expect((await mailAbout(manager, quote.number)).sort()).toEqual([asked, viewed].sort());
    expect(await mailAbout(former, quote.number)).toEqual([]);
  });
});

describe("where a visit came from", () => {
  it("shows a visit's IP address and browser to managers, GM and ADMIN only", async () => {
    // Prepare
    const manager = await app.user({ name: "王海涛", roles: ["MANAGER"] });
    const rep = await app.user({ name: "陈刚", managerId: manager.id });
    const gm = await app.user({ name: "周建国", roles: ["GM"] });
    const tech = await app.user({ name: "马志远", roles: ["TECH"] });
    const legal = await app.user({ name: "徐静", roles: ["LEGAL"] });
    const quote = await pagedQuote(app, rep);
    const { viewId } = await sendQuoteTo(app, rep, quote.id);
    wait(app, 600);
    await read(viewId);

    // Act
    const seen = async (as: User) => (await viewsOf(as, quote.id)).map((v: any) => [v.ip, v.userAgent, v.deviceClass, v.localHour]);

    // Assess
    const full = [["58.246.10.20", expect.stringContaining("Chrome/126.0"), "DESKTOP", expect.any(Number)]];
    const withheld = [[null, null, "DESKTOP", expect.any(Number)]];
    for (const u of [manager, gm, admin]) expect(await seen(u), u.name).toEqual(full);
    for (const u of [rep, tech, legal]) expect(await seen(u), u.name).toEqual(withheld);
  });

  it("takes a real address our people use for staff, but never loopback (the local stack's browser and client share it)", async () => {
    // Prepare: the rep used the API from 127.0.0.1 and from 192.0.2.44
    const rep = await app.user({ name: "黄磊" });
    const quote = await pagedQuote(app, rep);
    const { viewId } = await sendQuoteTo(app, rep, quote.id);
    for (const ip of ["127.0.0.1", "::ffff:127.0.0.1", "192.0.2.44"]) {
      const event = httpApiEvent({ query: "{ me { name } }" }, { sub: rep.id });
      event.requestContext.http.sourceIp = ip;
      expect(JSON.parse(((await app.handler(event)) as { body: string }).body).data.me.name).toBe("黄磊");
    }
    wait(app, 600);

    // Act: the link read from both
    const local = await viewer(app, viewId, { ip: "127.0.0.1" }).open();
    const office = await viewer(app, viewId, { ip: "192.0.2.44" }).open();
    for (const o of [local, office]) await viewer(app, viewId).beat(o.visitToken, 1, o.pageCount as number);
    wait(app, 15);
    for (const o of [local, office]) await viewer(app, viewId).beat(o.visitToken, 1, o.pageCount as number);

    // Assess
    expect((await viewsOf(admin, quote.id)).map((v: any) => v.ip)).toEqual(["127.0.0.1"]);
    expect((await viewsOf(admin, quote.id, "INTERNAL")).map((v: any) => [v.ip, v.reason])).toEqual([["192.0.2.44", "STAFF_IP"]]);
  });
});
