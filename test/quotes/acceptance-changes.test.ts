import { beforeAll, describe, expect, it } from "vitest";
import { responseStateOf } from "../../functions/core/quote-response";
import type { User } from "../../functions/core/user";
import { responsePanelHtml } from "../../functions/http/quote-page/response-panel";
import { localId } from "../../schema/ids";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, quoteFor } from "../support/approvals";
import { CREATE_CONTRACT } from "../support/contracts";
import { advance, MOVE } from "../support/pipeline";
import { answer, inbox, sentLink } from "../support/quote-links";

/** Asking for changes, and what an accepted quote leads to: contracts, sending again, the next revision, English. */
let app: TestApp;
let rep: User;

const QUOTE = `query($id: ID!) { quote(id: $id) { status revision version total { fen }
  acceptance { revision name } changeRequests { revision comment requestedAt ip userAgent send { id } }
  customer { id version } opportunity { id } } }`;
const SUBMIT = `mutation($id: ID!) { submitQuote(id: $id) { __typename ... on Error { message } ... on Quote { status revision version } } }`;
const UPDATE = `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { __typename ... on Error { message } ... on Quote { status revision version } } }`;
const SEND = `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { __typename ... on Error { message } ... on QuoteSend { status revision } } }`;

async function approvedQuote(owner = rep) {
  const quote = await quoteFor(app, owner, { list: 10_000, unit: 10_000, cost: 5_000 });
  expect((await app.ok(owner, SUBMIT, { id: quote.id })).submitQuote.status).toBe("APPROVED");
  return quote;
}

const quoteOf = async (id: string, as = rep) => (await app.ok(as, QUOTE, { id })).quote;
const sendOf = async (quoteId: string, sendId: string) => (await app.deps.store.quoteSends.get(localId(quoteId, "Quote") as string, sendId))!;

beforeAll(async () => {
  app = await testApp();
  ({ rep } = await approvalTeam(app));
});

describe("asking for changes", () => {
  it("records each request (once however often it is posted), tells the owner, and leaves the quote approved and acceptable", async () => {
    // Prepare
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    app.clock.advance(7_200_000);
    const firstAt = app.clock.now().toISOString();

    // Act: a request posted twice, a blank one, then another request later
    const first = await answer(app, link.viewId, "changes", { comment: "付款方式希望改为30%预付、70%验收后支付。" }, { ip: "198.51.100.40" });
    const repeated = await answer(app, link.viewId, "changes", { comment: "付款方式希望改为30%预付、70%验收后支付。" }, { ip: "198.51.100.40" });
    const blank = await answer(app, link.viewId, "changes", { comment: "  " });
    app.clock.advance(600_000);
    const second = await answer(app, link.viewId, "changes", { comment: "另外交货期能否提前到4周？" }, { json: true });

    // Assess
    expect([first.statusCode, repeated.statusCode, blank.statusCode, second.statusCode]).toEqual([303, 303, 422, 303]);
    expect(blank.body).toContain("意见：不能为空");
    const q = await quoteOf(quote.id);
    expect(q.status).toBe("APPROVED");
    expect(q.changeRequests).toMatchObject([
      { revision: 1, comment: "付款方式希望改为30%预付、70%验收后支付。", requestedAt: firstAt, ip: "198.51.100.40", send: { id: link.sendId } },
      { revision: 1, comment: "另外交货期能否提前到4周？" },
    ]);
    const send = await sendOf(quote.id, link.sendId);
    expect(send.respondedAt).toBe(firstAt);
    expect(send.acceptedAt ?? null).toBeNull();
    const told = (await inbox(rep.email)).filter((e) => e.subject.includes(quote.number) && e.subject.includes("提出修改意见"));
    expect(told.map((e) => e.body.text?.includes("付款方式希望改为30%预付") || e.body.text?.includes("交货期能否提前到4周"))).toEqual([true, true]);
    expect(told[0].body.text).toContain(link.to);

    // The page says so and still offers both answers; accepting afterwards works
    const state = await responseStateOf(app.deps, send);
    expect(state.kind).toBe("CHANGES_REQUESTED");
    const panel = responsePanelHtml(state, "zh-CN", link.viewId);
    expect(panel).toContain("您已于");
    expect(panel).toContain(`${link.viewId}/accept`);
    expect((await answer(app, link.viewId, "accept", { name: "顾晓明", title: "采购经理" })).statusCode).toBe(303);
    const late = await answer(app, link.viewId, "changes", { comment: "还想再改一下" });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain("本报价已被接受");
  }, 60_000);

  it("takes a request for an updated quote once the validity has passed", async () => {
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    const before = app.clock.now().toISOString();
    app.clock.set("2027-01-05T02:00:00Z");
    try {
      const res = await answer(app, link.viewId, "changes", { comment: "报价已过期，请按新年价格重新报价。" });
      expect(res.statusCode).toBe(303);
    } finally {
      app.clock.set(before);
    }
    expect((await quoteOf(quote.id)).changeRequests).toHaveLength(1);
  }, 60_000);
});

describe("an accepted quote", () => {
  it("makes a contract with its figures, and BELOW_APPROVED_QUOTE still applies", async () => {
    // Prepare
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    expect((await answer(app, link.viewId, "accept", { name: "顾晓明", title: "采购经理" })).statusCode).toBe(303);
    const q = await quoteOf(quote.id);
    expect(q.status).toBe("ACCEPTED");

    // Act
    const below = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, amount: { fen: q.total.fen - 1 } } })).createContract;
    const contract = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id } })).createContract;

    // Assess: ¥10,000 + 13% VAT
    expect(below.fields.map((f: any) => f.code)).toEqual(["BELOW_APPROVED_QUOTE"]);
    expect(contract).toMatchObject({ __typename: "Contract", status: "DRAFT", quoteRevision: 1, amount: { fen: 1_130_000 } });
    expect(q.total.fen).toBe(1_130_000);
  }, 60_000);

  it("is sent again (to another recipient) as the revision accepted, and a later edit starts the next revision, the acceptance staying on the one accepted", async () => {
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    await answer(app, link.viewId, "accept", { name: "顾晓明", title: "采购经理" });

    const again = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: ["finance.dept@customer.example"], idempotencyKey: `again-${quote.id}` } })).sendQuote;
    const { version } = await quoteOf(quote.id);
    const edited = (await app.ok(rep, UPDATE, { input: { id: quote.id, expectedVersion: version, notes: "客户接受后追加：含安装指导" } })).updateQuote;
    const contract = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id } })).createContract;

    expect(again).toMatchObject({ __typename: "QuoteSend", status: "SENT", revision: 1 });
    expect(edited).toMatchObject({ status: "DRAFT", revision: 2 });
    expect((await quoteOf(quote.id)).acceptance).toMatchObject({ revision: 1, name: "顾晓明" });
    expect(contract.__typename).toBe("QuoteNotApprovedError");
    expect(await responseStateOf(app.deps, await sendOf(quote.id, link.sendId))).toMatchObject({ kind: "ACCEPTED", name: "顾晓明" });
  }, 60_000);

  it("counts as the approved quote 方案报价 asks for", async () => {
    // Prepare: a deal at 需求确认 with a quote the customer accepted
    const quote = await approvedQuote();
    const dealId = (await quoteOf(quote.id)).opportunity.id;
    await advance(app, rep, dealId, "NEEDS_CONFIRMED");
    const link = await sentLink(app, rep, quote.id);
    await answer(app, link.viewId, "accept", { name: "顾晓明", title: "采购经理" });

    // Act
    const moved = (await app.ok(rep, MOVE, { input: { id: dealId, toStage: "QUOTED" } })).moveOpportunity;

    // Assess
    expect(moved).toMatchObject({ __typename: "Opportunity", stage: "QUOTED" });
  }, 60_000);
});

describe("in English", () => {
  it("tells an English-speaking customer why the quote can no longer be accepted, and an English-speaking owner what the customer said", async () => {
    // Prepare: the owner reads English; the customer's contact too; the quote is past its validity
    const david = await app.user({ name: "David Lin", locale: "en", managerId: rep.managerId });
    const quote = await approvedQuote(david);
    const q = await quoteOf(quote.id, david);
    const to = `james.${q.customer.id.slice(-6).toLowerCase()}@customer.example`;
    const updated = await app.ok(david, `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename ... on Error { message } } }`, {
      input: { id: q.customer.id, expectedVersion: q.customer.version, contacts: [{ name: "James Miller", email: to, locale: "EN" }] },
    });
    expect(updated.updateCustomer.__typename).toBe("Customer");
    const link = await sentLink(app, david, quote.id, to);
    const before = app.clock.now().toISOString();
    app.clock.set("2027-01-05T02:00:00Z");
    let refused;
    let state;
    try {
      refused = await answer(app, link.viewId, "accept", { name: "James Miller", title: "Purchasing Manager" });
      state = await responseStateOf(app.deps, await sendOf(quote.id, link.sendId));
      await answer(app, link.viewId, "changes", { comment: "Please send an updated quote." });
    } finally {
      app.clock.set(before);
    }

    // Assess
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('lang="en"');
    expect(refused.body).toContain("This quote was valid until 2026-12-31 and can no longer be accepted");
    expect(responsePanelHtml(state, "en", link.viewId)).toContain("valid until 2026-12-31");
    const told = (await inbox(david.email)).filter((e) => e.subject.includes(quote.number));
    expect(told.map((e) => e.subject)).toEqual([`The customer asked for changes to quote ${quote.number} (revision 1)`]);
    expect(told[0].body.text).toContain("Please send an updated quote.");
  }, 60_000);
});
