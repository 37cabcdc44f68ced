import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { httpApiEvent, testApp, type TestApp } from "../support/app";
import { catalogueProduct, mailbox } from "../support/approvals";
import { newDeal } from "../support/pipeline";
import { CUSTOMER_IP, ENGAGEMENT, IPHONE, pagedQuote, sendQuoteTo, VIEWS, viewer, wait } from "./tracking-fixtures";

/** Read tracking of the quote link: who counts as the customer, visits, and dwell by the server's clock. */
let app: TestApp;
let rep: User;
let admin: User;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  rep = await app.user({ name: "陈刚", roles: ["REP"] });
});

const engagementOf = async (quoteId: string) => (await app.ok(rep, ENGAGEMENT, { id: quoteId })).quote;
// As ADMIN: a visit's IP address and user agent are shown to MANAGER, GM and ADMIN only.
const viewsOf = async (quoteId: string, kind?: string) => (await app.ok(admin, VIEWS, { id: quoteId, kind })).quote.views.edges.map((e: any) => e.node);

describe("machine and internal views", () => {
  it("stores scanners, previews, proxies and fetches right after sending apart, and counts the customer only once the page's script reports a visible tab", async () => {
    // Prepare
    const quote = await pagedQuote(app, rep);
    const { viewId } = await sendQuoteTo(app, rep, quote.id);
    const as = (req: Parameters<typeof viewer>[2]) => viewer(app, viewId, req);

    // Act: the recipient's mail scanner within seconds of sending (it even runs the page's script)…
    wait(app, 5);
    const scanner = await as({}).open();
    expect(await as({}).beat(scanner.visitToken, 1, scanner.pageCount as number)).toBe(true);
    // …a HEAD, a link preview, a security scanner, a script with no agent and Apple's privacy proxy, later
    wait(app, 120);
    await as({ method: "HEAD" }).open();
    await as({ userAgent: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" }).open();
    await as({ userAgent: "Mozilla/5.0 (compatible; Barracuda Sentinel)" }).open();
    await as({ userAgent: "" }).open();
    await as({ ip: "17.58.101.3" }).open();
    // …and a browser fetching the page without ever running its script
    const reader = await as({}).open();
    const before = await engagementOf(quote.id);

    // Assess: nothing counted, all stored apart with why
    expect(reader.pageCount).toBeGreaterThanOrEqual(3);
    expect(before.engagement).toMatchObject({ humanVisits: 0, machineViews: 7, internalViews: 0, firstHumanViewAt: null, totalDwellSeconds: 0, pages: [] });
    expect(before.sends[0]).toMatchObject({ views: 0, firstViewedAt: null });
    expect((await viewsOf(quote.id, "MACHINE")).map((v: any) => v.reason).sort()).toEqual(
      ["HEAD", "JUST_SENT", "LINK_PREVIEW", "NO_AGENT", "NO_SCRIPT", "PRIVACY_PROXY", "SCANNER_AGENT"],
    );
    expect(await viewsOf(quote.id)).toEqual([]);
    expect((await mailbox(rep.email)).filter((e) => e.subject.includes(quote.number))).toHaveLength(0);

    // Act: the page's script reports a visible tab, and again 15 s later (one report alone could be a sandbox's)
    wait(app, 2);
    const firstBeatAt = app.clock.now().toISOString();
    expect(await as({}).beat(reader.visitToken, 1, reader.pageCount as number)).toBe(true);
    const oneBeat = await engagementOf(quote.id);
    wait(app, 15);
    expect(await as({}).beat(reader.visitToken, 1, reader.pageCount as number)).toBe(true);

    // Assess: one human visit, from the script's first report, with all its dwell
    expect(oneBeat.engagement).toMatchObject({ humanVisits: 0, machineViews: 7 });
    const after = await engagementOf(quote.id);
    expect(after.engagement).toMatchObject({ humanVisits: 1, machineViews: 6, firstHumanViewAt: firstBeatAt, totalDwellSeconds: 17 });
    expect(after.sends[0]).toMatchObject({ views: 1, firstViewedAt: firstBeatAt });
    const [human] = await viewsOf(quote.id);
    expect(human).toMatchObject({ kind: "HUMAN", reason: null, ip: CUSTOMER_IP, deviceClass: "DESKTOP", localHour: 10, openings: 1 });
  });

  it("counts views from addresses our staff use and from the organization's excluded networks as internal", async () => {
    // Prepare: the rep used the API from 198.51.100.7; the office network is excluded
    const quote = await pagedQuote(app, rep);
    const { viewId } = await sendQuoteTo(app, rep, quote.id);
    const event = httpApiEvent({ query: "{ me { name } }" }, { sub: rep.id });
    event.requestContext.http.sourceIp = "198.51.100.7";
    expect(JSON.parse(((await app.handler(event)) as { body: string }).body).data.me.name).toBe("陈刚");
    // the address is written once an hour, not on every request
    const puts = app.db.stats.byCommand.PutItemCommand ?? 0;
    for (let i = 0; i < 3; i++) await app.handler({ ...event, requestContext: { ...event.requestContext, requestId: `again-${i}` } });
    expect(app.db.stats.byCommand.PutItemCommand ?? 0).toBe(puts);
    const version = (await app.ok(admin, `{ organization { version } }`)).organization.version;
    const UPDATE = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename
      ... on ValidationError { fields { path code message } } ... on Organization { quoteTracking { excludedNetworks alertPageVisits alertPageSeconds } } } }`;
    const bad = (await app.ok(admin, UPDATE, { input: { expectedVersion: version, quoteTracking: { excludedNetworks: ["203.0.113.0/24", "300.1.1.0/24", "10.0.0.0/33"] } } })).updateOrganization;
    const set = (await app.ok(admin, UPDATE, { input: { expectedVersion: version, quoteTracking: { excludedNetworks: ["203.0.113.0/24", "2001:db8::/32"] } } })).updateOrganization;
    wait(app, 60);

    // Act: the rep opens the link from the office and from home; both read one page for over 3 minutes (past the alert threshold)
    const fromHome = await viewer(app, viewId, { ip: "198.51.100.7" }).open();
    const fromOffice = await viewer(app, viewId, { ip: "::ffff:203.0.113.9", userAgent: IPHONE }).open();
    for (let i = 0; i < 13; i++) {
      wait(app, 15);
      await viewer(app, viewId, { ip: "198.51.100.7" }).beat(fromHome.visitToken, 1, fromHome.pageCount as number);
      await viewer(app, viewId, { ip: "203.0.113.9" }).beat(fromOffice.visitToken, 2, fromOffice.pageCount as number);
    }

    // Assess
    expect(bad.fields.map((f: any) => `${f.path.join(".")}:${f.code}`)).toEqual(["quoteTracking.excludedNetworks.1:INVALID_NETWORK", "quoteTracking.excludedNetworks.2:INVALID_NETWORK"]);
    expect(bad.fields[0].message).toContain("不是有效的IP网段");
    expect(set.quoteTracking).toEqual({ excludedNetworks: ["203.0.113.0/24", "2001:db8::/32"], alertPageVisits: 3, alertPageSeconds: 180 });
    const { engagement } = await engagementOf(quote.id);
    expect(engagement).toMatchObject({ humanVisits: 0, internalViews: 2, machineViews: 0, totalDwellSeconds: 0, firstHumanViewAt: null, pages: [] });
    const internal = await viewsOf(quote.id, "INTERNAL");
    expect(internal.map((v: any) => v.reason).sort()).toEqual(["EXCLUDED_NETWORK", "STAFF_IP"]);
    expect(internal.find((v: any) => v.reason === "EXCLUDED_NETWORK")).toMatchObject({ ip: "203.0.113.9", deviceClass: "MOBILE", dwellSeconds: 195 });
    expect((await mailbox(rep.email)).filter((e) => e.subject.includes(quote.number))).toHaveLength(0);
  });
});

describe("visits and dwell", () => {
  it("merges activity within 10 minutes into one visit, splits after, and sums dwell per page from the server's clock with a cap", async () => {
    // Prepare
    const quote = await pagedQuote(app, rep);
    const { viewId } = await sendQuoteTo(app, rep, quote.id);
    const customer = viewer(app, viewId);
    wait(app, 600);
    const first = await customer.open();
    const n = first.pageCount as number;
    const beats: [seconds: number, page: number, final?: boolean][] = [
      [15, 1], [15, 1], // page 1: 30 s
      [15, 2], [5, 2, true], // page 2: 20 s, then the tab is hidden
      [300, 2], // back after 5 minutes: the hidden time earns nothing
      [15, 3], // page 3: 15 s
      [240, 3], // a beat after 4 minutes with no final one (the laptop slept): at most 30 s
    ];

    // Act: visit 1
    for (const [seconds, page, final] of beats) {
      wait(app, seconds);
      expect(await customer.beat(first.visitToken, page, n, { final })).toBe(true);
    }
    // a reload 9 minutes later joins the visit; the reloaded page reads page 1 for 15 s
    wait(app, 540);
    const reload = await customer.open();
    wait(app, 15);
    await customer.beat(reload.visitToken, 1, n);
    // visit 2: the same tab comes back after 11 minutes and reads page 1
    wait(app, 660);
    await customer.beat(first.visitToken, 1, n);
    wait(app, 15);
    await customer.beat(first.visitToken, 1, n);
    // visit 3: the link opened again the next day on a phone
    wait(app, 86_400);
    const phone = await viewer(app, viewId, { userAgent: IPHONE, ip: "112.65.1.1" }).open();
    wait(app, 15);
    await viewer(app, viewId, { userAgent: IPHONE }).beat(phone.visitToken, 3, n);
    wait(app, 10);
    await viewer(app, viewId, { userAgent: IPHONE }).beat(phone.visitToken, 3, n);

    // Assess
    expect(reload.visitToken).toBe(first.visitToken);
    expect(phone.visitToken).not.toBe(first.visitToken);
    const { engagement, sends } = await engagementOf(quote.id);
    expect(engagement).toMatchObject({ humanVisits: 3, machineViews: 0, totalDwellSeconds: 30 + 20 + 15 + 30 + 15 + 15 + 25, lastSeenAt: app.clock.now().toISOString() });
    expect(engagement.pages).toEqual([
      { revision: 1, page: 1, dwellSeconds: 30 + 15 + 15, visits: 2 },
      { revision: 1, page: 2, dwellSeconds: 20, visits: 1 },
      { revision: 1, page: 3, dwellSeconds: 45 + 25, visits: 2 },
    ]);
    expect(sends[0].views).toBe(3);
    const visits = await viewsOf(quote.id);
    expect(visits.map((v: any) => [v.dwellSeconds, v.pages.map((p: any) => `${p.page}:${p.dwellSeconds}`).join(" "), v.deviceClass, v.openings])).toEqual([
      [25, "3:25", "MOBILE", 1],
      [15, "1:15", "DESKTOP", 0],
      [110, "1:45 2:20 3:45", "DESKTOP", 2],
    ]);
  });

  it("loses no dwell when heartbeats of several visits and tabs arrive at once", async () => {
    // Prepare: the quote sent to four people; each opens it in a tab (two tabs for the first)
    const quote = await pagedQuote(app, rep);
    const links = [];
    for (let i = 0; i < 4; i++) links.push((await sendQuoteTo(app, rep, quote.id)).viewId);
    wait(app, 60);
    const readers = await Promise.all(links.map(async (viewId) => ({ v: viewer(app, viewId), o: await viewer(app, viewId).open() })));
    const n = readers[0].o.pageCount as number;
    await Promise.all(readers.map(({ v, o }) => v.beat(o.visitToken, 1, n)));

    // Act: eight rounds 15 s apart; every visit's beat arrives three times at once (two tabs and a retry)
    for (let round = 0; round < 8; round++) {
      wait(app, 15);
      const all = readers.flatMap(({ v, o }) => [1, 2, 3].map(() => v.beat(o.visitToken, 1 + (round % 2), n)));
      expect(await Promise.all(all)).toEqual(all.map(() => true));
    }

    // Assess: each visit earned the 120 s that passed, no more and no less
    const { engagement } = await engagementOf(quote.id);
    expect(engagement).toMatchObject({ humanVisits: 4, totalDwellSeconds: 4 * 120 });
    expect(engagement.pages).toEqual([
      { revision: 1, page: 1, dwellSeconds: 4 * 60, visits: 4 },
      { revision: 1, page: 2, dwellSeconds: 4 * 60, visits: 4 },
    ]);
    expect((await viewsOf(quote.id)).map((v: any) => v.dwellSeconds)).toEqual([120, 120, 120, 120]);
  });

  it("reads the engagement of every quote in a list in one batch", async () => {
    // Prepare: three quotes on one deal, one of them read
    const productId = await catalogueProduct(app, { list: 1_000, cost: 500 });
    const opportunityId = await newDeal(app, rep);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.ok(rep, `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { ... on Quote { id } } }`, {
        input: { opportunityId, lines: [{ productId, quantity: 1 + i, unitPriceFen: 100_000 }], validUntil: "2026-12-31" },
      });
      ids.push(res.createQuote.id);
    }
    await app.ok(rep, `mutation($id: ID!) { submitQuote(id: $id) { __typename } }`, { id: ids[1] });
    const { viewId } = await sendQuoteTo(app, rep, ids[1]);
    wait(app, 60);
    const o = await viewer(app, viewId).open();
    await viewer(app, viewId).beat(o.visitToken, 1, o.pageCount as number);
    wait(app, 15);
    await viewer(app, viewId).beat(o.visitToken, 1, o.pageCount as number);
    const LIST = (fields: string) => `query($id: ID!) { opportunity(id: $id) { quotes { id ${fields} } } }`;
    const callsFor = async (query: string) => {
      const before = app.db.stats.calls;
      const data = await app.ok(rep, query, { id: opportunityId });
      return { calls: app.db.stats.calls - before, quotes: data.opportunity.quotes };
    };

    // Act
    const bare = await callsFor(LIST(""));
    const withEngagement = await callsFor(LIST("engagement { humanVisits totalDwellSeconds }"));

    // Assess
    expect(withEngagement.calls - bare.calls).toBe(1);
    expect(withEngagement.quotes.map((q: any) => [q.id, q.engagement.humanVisits, q.engagement.totalDwellSeconds])).toEqual(
      bare.quotes.map((q: any) => [q.id, q.id === ids[1] ? 1 : 0, q.id === ids[1] ? 15 : 0]),
    );
  });

  it("records nothing for a heartbeat with a page out of range, an unknown token or another link's token", async () => {
    // Prepare
    const quote = await pagedQuote(app, rep);
    const a = await sendQuoteTo(app, rep, quote.id);
    const b = await sendQuoteTo(app, rep, quote.id);
    wait(app, 60);
    const opened = await viewer(app, a.viewId).open();
    const n = opened.pageCount as number;
    await viewer(app, a.viewId).beat(opened.visitToken, 1, n);
    const before = (await engagementOf(quote.id)).engagement;
    wait(app, 15);

    // Act
    const results = await Promise.all([
      viewer(app, a.viewId).beat(opened.visitToken, 0, n),
      viewer(app, a.viewId).beat(opened.visitToken, n + 1, n),
      viewer(app, a.viewId).beat(opened.visitToken, 2, n + 5),
      viewer(app, a.viewId).beat(opened.visitToken, 1.5, n),
      viewer(app, a.viewId).beat("x".repeat(24), 1, n),
      viewer(app, b.viewId).beat(opened.visitToken, 1, n),
      viewer(app, `${a.viewId.slice(0, -2)}xx`).beat(opened.visitToken, 1, n),
      viewer(app, a.viewId).beat(undefined as unknown as string, 1, n),
    ]);

    // Assess
    expect(results).toEqual(results.map(() => false));
    expect((await engagementOf(quote.id)).engagement).toEqual(before);
    expect(await viewer(app, `${a.viewId.slice(0, -2)}xx`).open().catch((e: Error) => e.message)).toBe("unknown link");
  });
});
