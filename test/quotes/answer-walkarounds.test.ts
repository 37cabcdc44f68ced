import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { responseStateOf } from "../../functions/core/quote-response";
import { localDay } from "../../functions/core/local-day";
import type { User } from "../../functions/core/user";
import { responsePanelHtml } from "../../functions/http/quote-page/response-panel";
import { quoteResponseRoute } from "../../functions/http/quote-response";
import { localId } from "../../schema/ids";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, quoteFor } from "../support/approvals";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { answer, formEvent, inbox, sentLink } from "../support/quote-links";
import { quoteFor as contactQuote, received, send as sendTo, unique } from "./follow-up-support";

/** The ways round the customer's answer a tester found: each is closed, and the customer keeps a way to speak. */
let app: TestApp;
let rep: User;
let gm: User;
let manager: User;

const QUOTE = `query($id: ID!) { quote(id: $id) { status revision version acceptance { name } changeRequests { revision comment send { id } } } }`;
const SUBMIT = `mutation($id: ID!) { submitQuote(id: $id) { __typename ... on Quote { status } } }`;
const UPDATE = `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { __typename ... on Error { message } ... on Quote { status revision version } } }`;
const RATE = `query($period: String!) { quoteAcceptanceRate(period: $period, groupBy: REP) { rows { key sent viewed accepted } } }`;

async function approvedQuote(owner = rep) {
  const quote = await quoteFor(app, owner, { list: 10_000, unit: 10_000, cost: 5_000 });
  expect((await app.ok(owner, SUBMIT, { id: quote.id })).submitQuote.status).toBe("APPROVED");
  return quote;
}

const quoteOf = async (id: string) => (await app.ok(rep, QUOTE, { id })).quote;
const sendOf = async (quoteId: string, sendId: string) => (await app.deps.store.quoteSends.get(localId(quoteId, "Quote") as string, sendId))!;
const ownerEmails = async (number: string, kind: string) => (await inbox(rep.email)).filter((e) => e.subject.includes(number) && e.subject.includes(kind));

beforeAll(async () => {
  app = await testApp();
  ({ rep, gm, manager } = await approvalTeam(app));
});

describe("a name of nothing visible", () => {
  it("is refused as empty when it holds only zero-width or format characters, and the quote stays unaccepted", async () => {
    // Prepare
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);

    // Act
    const res = await answer(app, link.viewId, "accept", { name: "\u200b\u200b", title: "\ufeff\u2060\u200d\u202a" });

    // Assess
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain("姓名：不能为空");
    expect(res.body).toContain("职务：不能为空");
    expect(await quoteOf(quote.id)).toMatchObject({ status: "APPROVED", acceptance: null });
  });

  it("is refused everywhere the checker reads text: a customer's name, and control or direction-override characters in a message", async () => {
    // Act
    const blank = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput({ name: "\u200b\u200c\u2061" }) })).createCustomer;
    const quote = await approvedQuote();
    const send = (input: Record<string, unknown>) =>
      app.ok(rep, `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { __typename ... on ValidationError { fields { path code message } } } }`, {
        input: { quoteId: quote.id, to: [`buyer.${randomUUID().slice(0, 8)}@customer.example`], idempotencyKey: randomUUID(), ...input },
      });
    const nul = (await send({ message: "a\u0000b\u001b[31m" })).sendQuote;
    const rtl = (await send({ message: "价格\u202e5001" })).sendQuote;
    const fine = (await send({ message: "您好：\n\t附件为报价单，请查阅。" })).sendQuote;

    // Assess
    expect(blank.__typename).toBe("ValidationError");
    expect(blank.fields).toContainEqual(expect.objectContaining({ path: ["name"], code: "REQUIRED" }));
    for (const refused of [nul, rtl]) {
      expect(refused.__typename).toBe("ValidationError");
      expect(refused.fields).toContainEqual({ path: ["message"], code: "UNPRINTABLE", message: "不能包含控制字符或文字方向控制符" });
    }
    expect(fine.__typename).toBe("QuoteSend");
  });
});

describe("an answer that is not what the page sends", () => {
  it("says a too-long answer is too long, in the customer's language", async () => {
    // Prepare
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    const big = { comment: "太".repeat(20_000) };

    const to = unique("john");
    const english = await contactQuote(app, rep, [{ name: "John Smith", email: to, locale: "EN" }]);
    await sendTo(app, rep, english.quote.id, [to]);
    const enLink = /\/q\/([A-Za-z0-9_-]{43})/.exec((await received(to)).at(-1)?.body.text ?? "")![1];

    // Act
    const zh = await answer(app, link.viewId, "changes", big);
    const en = await answer(app, enLink, "changes", big);

    // Assess
    expect(zh.statusCode).toBe(413);
    expect(zh.body).toContain("提交的内容过长");
    expect(zh.body).toContain("意见不能超过2000个字符");
    expect(zh.body).not.toContain("无法识别");
    expect(en.statusCode).toBe(413);
    expect(en.body).toContain("What was sent is too long (a comment may have at most 2,000 characters");
    expect((await quoteOf(quote.id)).changeRequests).toEqual([]);
  });

  it("refuses a form posted from another site (403, nothing recorded) and takes the page's own (same origin, or Origin null under no-referrer)", async () => {
    // Prepare
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    const posted = (comment: string, headers: Record<string, string>) => {
      const event = formEvent(link.viewId, "changes", { comment });
      event.headers = { ...event.headers, ...headers };
      return quoteResponseRoute(app.deps, event, link.viewId, "changes") as Promise<{ statusCode: number; body: string }>;
    };

    // Act
    const evil = await posted("csrf 1", { origin: "https://evil.example" });
    const crossSite = await posted("csrf 2", { "sec-fetch-site": "cross-site" });
    const lookalike = await posted("csrf 3", { origin: `${app.deps.config.publicUrl}.evil.example` });
    const own = await posted("交货期能否提前？", { origin: new URL(app.deps.config.publicUrl).origin, "sec-fetch-site": "same-origin" });
    const noReferrer = await posted("付款方式能否调整？", { origin: "null", "sec-fetch-site": "same-origin" });

    // Assess
    for (const refused of [evil, crossSite, lookalike]) {
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain("此答复来自其他网站，未被记录");
    }
    expect([own.statusCode, noReferrer.statusCode]).toEqual([303, 303]);
    expect((await quoteOf(quote.id)).changeRequests.map((r: { comment: string }) => r.comment).sort()).toEqual(["交货期能否提前？", "付款方式能否调整？"].sort());
    expect(await ownerEmails(quote.number, "修改意见")).toHaveLength(2);
  });
});

describe("a quote the rep has started to revise", () => {
  it("still takes the customer's change request through the old link (kept with its revision), refuses acceptance, and sends nobody to an email that does not exist", async () => {
    // Prepare: revision 1 sent, then the rep starts editing (revision 2, a draft nobody was sent)
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    const { version } = await quoteOf(quote.id);
    expect((await app.ok(rep, UPDATE, { input: { id: quote.id, expectedVersion: version, notes: "交货期改为6周" } })).updateQuote).toMatchObject({ status: "DRAFT", revision: 2 });

    // Act
    const accept = await answer(app, link.viewId, "accept", { name: "顾晓明", title: "采购经理" });
    const changes = await answer(app, link.viewId, "changes", { comment: "为什么不能接受了？请尽快发来新报价。" });
    const state = await responseStateOf(app.deps, await sendOf(quote.id, link.sendId));
    const panel = responsePanelHtml(state, "zh-CN", link.viewId);

    // Assess
    expect(accept.statusCode).toBe(409);
    expect(accept.body).toContain("报价正在修订");
    expect(accept.body).not.toContain("最新邮件");
    expect(changes.statusCode).toBe(303);
    const q = await quoteOf(quote.id);
    expect(q.acceptance).toBeNull();
    expect(q.changeRequests).toEqual([{ revision: 1, comment: "为什么不能接受了？请尽快发来新报价。", send: { id: link.sendId } }]);
    expect(await ownerEmails(quote.number, "修改意见")).toHaveLength(1);
    expect(state).toMatchObject({ kind: "CLOSED", reason: "SUPERSEDED" });
    expect(panel).toContain("报价正在修订");
    expect(panel).not.toContain("最新邮件");
    expect(panel).toContain(`${link.viewId}/changes`);
    expect(panel).not.toContain(`${link.viewId}/accept`);
  });
});

describe("a flood of change requests", () => {
  it("takes five a day through one link, even posted all at once, then says to call the rep (429), and takes more the next day", async () => {
    // Prepare
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);

    // Act: eight different requests at the same moment
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => answer(app, link.viewId, "changes", { comment: `请再便宜一点 #${i + 1}` })));
    const again = await answer(app, link.viewId, "changes", { comment: "请再便宜一点 #9" });
    app.clock.advance(24 * 3_600_000 + 1_000);
    const nextDay = await answer(app, link.viewId, "changes", { comment: "第二天：价格能否再谈？" });

    // Assess
    const codes = burst.map((r) => r.statusCode).sort();
    expect(codes).toEqual([303, 303, 303, 303, 303, 429, 429, 429]);
    expect(again.statusCode).toBe(429);
    expect(again.body).toContain("此链接24小时内已提交5条修改意见");
    expect(again.body).toContain("请直接联系销售代表（陈刚");
    expect(nextDay.statusCode).toBe(303);
    expect((await quoteOf(quote.id)).changeRequests).toHaveLength(6);
    expect(await ownerEmails(quote.number, "修改意见")).toHaveLength(6);
  }, 60_000);
});

describe("an answer counts as a view", () => {
  it("keeps quoteAcceptanceRate's accepted within viewed: accepting or asking without a recorded view marks the quote viewed by a person", async () => {
    // Prepare: a rep of their own, two quotes sent and never opened with the page's script
    const sun = await app.user({ name: "孙倩", managerId: manager.id });
    const [accepted, asked] = [await approvedQuote(sun), await approvedQuote(sun)];
    const [a, b] = [await sentLink(app, sun, accepted.id), await sentLink(app, sun, asked.id)];
    app.clock.advance(2 * 3_600_000);

    // Act
    expect((await answer(app, a.viewId, "accept", { name: "顾晓明", title: "采购经理" })).statusCode).toBe(303);
    expect((await answer(app, b.viewId, "changes", { comment: "数量改为3台" })).statusCode).toBe(303);
    const period = localDay(app.clock.now(), "Asia/Shanghai").slice(0, 7);
    const row = (await app.ok(gm, RATE, { period })).quoteAcceptanceRate.rows.find((r: { key: string }) => r.key === sun.id);

    // Assess
    expect(row).toMatchObject({ sent: 2, viewed: 2, accepted: 1 });
    const now = app.clock.now().toISOString();
    expect(await sendOf(accepted.id, a.sendId)).toMatchObject({ firstHumanViewAt: now, firstViewedAt: now, acceptedAt: now });
    expect(await sendOf(asked.id, b.sendId)).toMatchObject({ firstHumanViewAt: now, firstViewedAt: now });
  });
});
