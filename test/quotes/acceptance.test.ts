import { beforeAll, describe, expect, it } from "vitest";
import { responseStateOf } from "../../functions/core/quote-response";
import type { User } from "../../functions/core/user";
import { responsePanelHtml } from "../../functions/http/quote-page/response-panel";
import { localId } from "../../schema/ids";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, quoteFor } from "../support/approvals";
import { answer, BROWSER, inbox, sentLink } from "../support/quote-links";

/** The customer accepting a sent quote from its view page: recorded once, the quote ACCEPTED, the owner told. */
let app: TestApp;
let rep: User;

const QUOTE = `query($id: ID!) { quote(id: $id) { status revision version
  acceptance { revision name title comment acceptedAt ip userAgent send { id to } }
  sends { id } timeline(first: 20) { edges { node { kind summary } } } } }`;
const SUBMIT = `mutation($id: ID!) { submitQuote(id: $id) { __typename ... on Error { message } ... on Quote { status revision version } } }`;
const UPDATE = `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { __typename ... on Error { message } ... on Quote { status revision version } } }`;

/** A quote the policy approves at once (50% margin, no discount), valid until 2026-12-31, submitted. */
async function approvedQuote() {
  const quote = await quoteFor(app, rep, { list: 10_000, unit: 10_000, cost: 5_000 });
  expect((await app.ok(rep, SUBMIT, { id: quote.id })).submitQuote.status).toBe("APPROVED");
  return quote;
}

const quoteOf = async (id: string) => (await app.ok(rep, QUOTE, { id })).quote;
const sendOf = async (quoteId: string, sendId: string) => (await app.deps.store.quoteSends.get(localId(quoteId, "Quote") as string, sendId))!;
const ownerEmails = async (number: string, kind: string) => (await inbox(rep.email)).filter((e) => e.subject.includes(number) && e.subject.includes(kind));

/** Runs `act` with the clock at `at`, then puts it back. */
async function at<T>(instant: string, act: () => Promise<T>): Promise<T> {
  const before = app.clock.now().toISOString();
  app.clock.set(instant);
  try {
    return await act();
  } finally {
    app.clock.set(before);
  }
}

beforeAll(async () => {
  app = await testApp();
  ({ rep } = await approvalTeam(app));
});

describe("accepting a quote online", () => {
  it("records who accepted (name, title, comment, IP, browser), makes the quote ACCEPTED and emails the owner once, even on a double click", async () => {
    // Prepare
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    app.clock.advance(3_600_000);
    const form = { name: "顾晓明", title: "采购经理", comment: "请按此报价安排合同，交货期请确认。" };

    // Act: the customer presses Accept twice (a double click, or the browser retrying)
    const first = await answer(app, link.viewId, "accept", form, { ip: "198.51.100.23" });
    const again = await answer(app, link.viewId, "accept", form, { ip: "198.51.100.23" });

    // Assess: both go back to the page; one acceptance, as the customer gave it
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${app.deps.config.publicUrl}/q/${link.viewId}`);
    expect(again.statusCode).toBe(303);
    const q = await quoteOf(quote.id);
    expect(q.status).toBe("ACCEPTED");
    expect(q.acceptance).toMatchObject({
      revision: 1,
      name: "顾晓明",
      title: "采购经理",
      comment: "请按此报价安排合同，交货期请确认。",
      acceptedAt: app.clock.now().toISOString(),
      ip: "198.51.100.23",
      userAgent: BROWSER,
      send: { id: link.sendId, to: [link.to] },
    });
    expect(q.timeline.edges.map((e: any) => e.node.summary)).toContain("客户 顾晓明（采购经理） 在线接受了第1版报价：请按此报价安排合同，交货期请确认。");
    const send = await sendOf(quote.id, link.sendId);
    expect(send).toMatchObject({ respondedAt: app.clock.now().toISOString(), acceptedAt: app.clock.now().toISOString() });
    const told = await ownerEmails(quote.number, "客户已接受");
    expect(told).toHaveLength(1);
    expect(told[0].body.text).toContain("顾晓明（采购经理）");
    expect(told[0].body.text).toContain("请按此报价安排合同，交货期请确认。");

    // The page shows it accepted, without the forms
    const state = await responseStateOf(app.deps, send);
    expect(state).toMatchObject({ kind: "ACCEPTED", name: "顾晓明", title: "采购经理" });
    const panel = responsePanelHtml(state, "zh-CN", link.viewId);
    expect(panel).toContain("由顾晓明（采购经理）接受");
    expect(panel).not.toContain("<form");
  }, 60_000);

  it("works from the view page through the local server: the form posts, the browser is sent back, and the page shows who accepted (escaped)", async () => {
    // Prepare
    const base = await app.serve();
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    app.clock.advance(60_000);
    const page = `${base}/q/${link.viewId}`;
    const headers = { "user-agent": BROWSER };
    const before = await (await fetch(page, { headers })).text();
    expect(before).toContain(`action="${link.viewId}/accept"`);
    expect(before).not.toContain("<script>alert");

    // Act: the form as a browser posts it, to the action relative to the page
    const posted = await fetch(new URL(`${link.viewId}/accept`, page), {
      method: "POST",
      redirect: "manual",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ name: "顾晓明<script>alert(1)</script>", title: "采购经理", comment: "" }).toString(),
    });

    // Assess
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe(page);
    const after = await (await fetch(page, { headers })).text();
    expect(after).toContain("由顾晓明&lt;script&gt;alert(1)&lt;/script&gt;（采购经理）接受");
    expect(after).not.toContain("<script>alert");
    expect(after).not.toContain(`action="${link.viewId}/accept"`);
    expect((await quoteOf(quote.id)).acceptance).toMatchObject({ ip: "127.0.0.1", userAgent: BROWSER, comment: null });
  }, 60_000);

  it("does nothing on GET, and asks for the name and title when they are missing", async () => {
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);

    const get = await answer(app, link.viewId, "accept", {}, { method: "GET" });
    const blank = await answer(app, link.viewId, "accept", { name: " ", comment: "同意" });
    const unknown = await answer(app, `${link.viewId.slice(0, -2)}xx`, "accept", { name: "顾晓明", title: "采购经理" });

    expect(get.statusCode).toBe(405);
    expect(blank.statusCode).toBe(422);
    expect(blank.body).toContain("姓名：不能为空");
    expect(blank.body).toContain("职务：不能为空");
    expect(unknown.statusCode).toBe(404);
    expect((await quoteOf(quote.id)).status).toBe("APPROVED");
    expect(await ownerEmails(quote.number, "客户已接受")).toHaveLength(0);
  }, 60_000);

  it("lets one of two people accepting at once win; the other is told who accepted", async () => {
    const quote = await approvedQuote();
    const a = await sentLink(app, rep, quote.id);
    const b = await sentLink(app, rep, quote.id);

    const results = await Promise.all([
      answer(app, a.viewId, "accept", { name: "顾晓明", title: "采购经理" }),
      answer(app, b.viewId, "accept", { name: "李娜", title: "总工程师" }),
      answer(app, a.viewId, "accept", { name: "顾晓明", title: "采购经理" }),
    ]);

    const q = await quoteOf(quote.id);
    expect(q.status).toBe("ACCEPTED");
    const winner = q.acceptance.name;
    const refused = results.filter((r) => r.statusCode === 409);
    expect(results.filter((r) => r.statusCode === 303).length + refused.length).toBe(3);
    // Whoever lost was told who accepted first
    if (winner === "顾晓明") expect(refused.map((r) => r.statusCode)).toEqual([409]);
    else expect(refused).toHaveLength(2);
    for (const r of refused) expect(r.body).toContain(`本报价已由${winner}于`);
    expect(await app.deps.store.quoteResponses.acceptances(localId(quote.id, "Quote") as string)).toHaveLength(1);
    expect(await ownerEmails(quote.number, "客户已接受")).toHaveLength(1);
  }, 60_000);

  it("refuses a quote past its validity date, counted in the organization's time zone", async () => {
    // Prepare: valid until 2026-12-31, i.e. through 23:59 in Shanghai (15:59 UTC)
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    const form = { name: "顾晓明", title: "采购经理" };

    // Act
    const late = await at("2026-12-31T16:00:00Z", () => answer(app, link.viewId, "accept", form));
    const state = await at("2026-12-31T16:00:00Z", async () => responseStateOf(app.deps, await sendOf(quote.id, link.sendId)));
    const pastValidity = async () => (await app.ok(rep, `query($id: ID!) { quote(id: $id) { pastValidity } }`, { id: quote.id })).quote.pastValidity;
    const flags = [await at("2026-12-31T15:59:00Z", pastValidity), await at("2026-12-31T16:00:00Z", pastValidity)];
    const lastMinute = await at("2026-12-31T15:59:00Z", () => answer(app, link.viewId, "accept", form));

    // Assess
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain("本报价的有效期已于2026-12-31截止");
    expect(state).toEqual({ kind: "CLOSED", reason: "EXPIRED", validUntil: "2026-12-31" });
    const panel = responsePanelHtml(state, "zh-CN", link.viewId);
    expect(panel).toContain("有效期已于2026-12-31截止");
    expect(panel).not.toContain(`${link.viewId}/accept`);
    expect(panel).toContain(`${link.viewId}/changes`);
    expect(lastMinute.statusCode).toBe(303);
    expect(flags).toEqual([false, true]);
  }, 60_000);

  it("refuses a superseded revision, and accepts the newer one through its own link", async () => {
    // Prepare: revision 1 sent, then revised (revision 2) and sent again
    const quote = await approvedQuote();
    const old = await sentLink(app, rep, quote.id);
    const { version } = await quoteOf(quote.id);
    expect((await app.ok(rep, UPDATE, { input: { id: quote.id, expectedVersion: version, notes: "交货期改为6周" } })).updateQuote).toMatchObject({ status: "DRAFT", revision: 2 });
    const whileDraft = await answer(app, old.viewId, "accept", { name: "顾晓明", title: "采购经理" });
    expect((await app.ok(rep, SUBMIT, { id: quote.id })).submitQuote.status).toBe("APPROVED");
    const fresh = await sentLink(app, rep, quote.id);

    // Act
    const stale = await answer(app, old.viewId, "accept", { name: "顾晓明", title: "采购经理" });
    const current = await answer(app, fresh.viewId, "accept", { name: "顾晓明", title: "采购经理" });

    // Assess
    for (const r of [whileDraft, stale]) {
      expect(r.statusCode).toBe(409);
      expect(r.body).toContain("报价正在修订");
    }
    expect(await responseStateOf(app.deps, await sendOf(quote.id, old.sendId))).toMatchObject({ kind: "CLOSED", reason: "SUPERSEDED" });
    expect(current.statusCode).toBe(303);
    expect((await quoteOf(quote.id)).acceptance).toMatchObject({ revision: 2, send: { id: fresh.sendId } });
  }, 60_000);

  it("refuses a withdrawn quote and one whose deal was lost", async () => {
    // Prepare: revision 1 sent; revision 2 (10% off) goes to approval and is withdrawn
    const withdrawn = await approvedQuote();
    const link = await sentLink(app, rep, withdrawn.id);
    const q = await quoteOf(withdrawn.id);
    const lines = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { lines { id quantity } } }`, { id: withdrawn.id })).quote.lines;
    await app.ok(rep, UPDATE, { input: { id: withdrawn.id, expectedVersion: q.version, lines: [{ id: lines[0].id, quantity: 1, unitPriceFen: 900_000 }] } });
    expect((await app.ok(rep, SUBMIT, { id: withdrawn.id })).submitQuote.status).toBe("PENDING_APPROVAL");
    expect((await app.ok(rep, `mutation($id: ID!) { withdrawQuote(id: $id, reason: "客户暂缓") { __typename ... on Quote { status } } }`, { id: withdrawn.id })).withdrawQuote.status).toBe("WITHDRAWN");
    // …and a quote whose deal is lost after sending
    const lost = await approvedQuote();
    const lostLink = await sentLink(app, rep, lost.id);
    const deal = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { opportunity { id } } }`, { id: lost.id })).quote.opportunity.id;
    await app.ok(rep, `mutation($id: ID!) { markOpportunityLost(id: $id, reason: "客户选了竞争对手") { __typename } }`, { id: deal });

    // Act
    const a = await answer(app, link.viewId, "accept", { name: "顾晓明", title: "采购经理" });
    const b = await answer(app, lostLink.viewId, "accept", { name: "顾晓明", title: "采购经理" });
    const c = await answer(app, lostLink.viewId, "changes", { comment: "能否再便宜一些？" });

    // Assess
    expect(a.statusCode).toBe(409);
    expect(a.body).toContain("本报价已被撤回");
    expect(b.statusCode).toBe(409);
    expect(b.body).toContain("本项目已关闭");
    expect(c.statusCode).toBe(409);
    expect((await quoteOf(withdrawn.id)).acceptance).toBeNull();
    expect((await quoteOf(lost.id)).status).toBe("APPROVED");
    expect(responsePanelHtml(await responseStateOf(app.deps, await sendOf(lost.id, lostLink.sendId)), "zh-CN", lostLink.viewId)).not.toContain("<form");
  }, 60_000);
});
