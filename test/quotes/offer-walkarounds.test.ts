import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, localDay } from "../../functions/core/local-day";
import { responseStateOf } from "../../functions/core/quote-response";
import type { User } from "../../functions/core/user";
import { responsePanelHtml } from "../../functions/http/quote-page/response-panel";
import { localId } from "../../schema/ids";
import { testApp, type TestApp } from "../support/app";
import { quoteFor } from "../support/approvals";
import { contractTeam, CREATE_CONTRACT } from "../support/contracts";
import { advance, upload } from "../support/pipeline";
import { answer, inbox, sentLink } from "../support/quote-links";

/** Ways round the quote's offer that testers found: each now refused, or closing the customer's link. */
let app: TestApp;
let rep: User;
let colleague: User;

const QUOTE = `query($id: ID!) { quote(id: $id) { status revision version validUntil revisions { revision outcome }
  opportunity { id } timeline(first: 20) { edges { node { kind summary } } } } }`;
const SUBMIT = `mutation($id: ID!) { submitQuote(id: $id) { __typename ... on Error { message }
  ... on ValidationError { fields { path code message } } ... on Quote { status revision version } } }`;
const UPDATE = `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { __typename ... on Error { message }
  ... on OpenContractExistsError { number contractStatus: status contract { id } } ... on Quote { status revision version } } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String) { withdrawQuote(id: $id, reason: $reason) { __typename ... on Error { message }
  ... on OpenContractExistsError { number contractStatus: status } ... on Quote { status revision } } }`;
const SEND = `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { __typename ... on Error { message }
  ... on ValidationError { fields { path code message } } ... on QuoteDealWonError { contractNumber } ... on QuoteNotSendableError { quoteStatus }
  ... on QuoteSend { id revision to cc } } }`;

const quoteOf = async (id: string) => (await app.ok(rep, QUOTE, { id })).quote;
const send = async (input: Record<string, unknown>, as = rep) => (await app.ok(as, SEND, { input: { idempotencyKey: randomUUID(), ...input } })).sendQuote;
const summaries = (q: any): string[] => q.timeline.edges.map((e: any) => e.node.summary);
const customer = () => `buyer.${randomUUID().slice(0, 8)}@customer.example`;
const stateOf = async (quoteId: string, sendId: string) => responseStateOf(app.deps, (await app.deps.store.quoteSends.get(localId(quoteId, "Quote") as string, sendId))!);

/** A quote the policy approves at once (50% margin, no discount), valid until 2026-12-31, submitted. */
async function approvedQuote() {
  const quote = await quoteFor(app, rep, { list: 10_000, unit: 10_000, cost: 5_000 });
  expect((await app.ok(rep, SUBMIT, { id: quote.id })).submitQuote.status).toBe("APPROVED");
  return quote;
}

/** A draft contract made from the quote (through the API, as the rep would). */
async function contractFrom(quoteId: string) {
  const deal = (await quoteOf(quoteId)).opportunity.id;
  const draft = await upload(app, rep, deal, "CONTRACT_DRAFT");
  const created = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId, draftFileEvidenceId: draft.id } })).createContract;
  expect(created.__typename).toBe("Contract");
  return created;
}

beforeAll(async () => {
  app = await testApp();
  ({ rep } = await contractTeam(app));
  colleague = await app.user({ name: "刘洋" });
});

describe("withdrawing a quote the customer holds", () => {
  it("withdraws a sent, approved quote: WITHDRAWN with the reason on its timeline, the link refuses to accept and says why, and it can no longer be sent", async () => {
    // Prepare
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);

    // Act
    const withdrawn = (await app.ok(rep, WITHDRAW, { id: quote.id, reason: "价格有误，需重新报价" })).withdrawQuote;
    const accepted = await answer(app, link.viewId, "accept", { name: "顾晓明", title: "采购经理" });
    const resent = await send({ quoteId: quote.id, to: [customer()] });

    // Assess
    expect(withdrawn).toMatchObject({ __typename: "Quote", status: "WITHDRAWN", revision: 1 });
    const q = await quoteOf(quote.id);
    expect(q.status).toBe("WITHDRAWN");
    expect(q.revisions).toEqual([{ revision: 1, outcome: "WITHDRAWN" }]);
    expect(summaries(q)).toContain("陈刚 撤回第1版报价，客户不能再接受：价格有误，需重新报价");
    expect(accepted.statusCode).toBe(409);
    expect(accepted.body).toContain("本报价已被撤回");
    const state = await stateOf(quote.id, link.sendId);
    expect(state).toMatchObject({ kind: "CLOSED", reason: "WITHDRAWN" });
    const panel = responsePanelHtml(state, "zh-CN", link.viewId);
    expect(panel).toContain("本报价已被撤回");
    expect(panel).not.toContain("<form");
    expect(resent).toMatchObject({ __typename: "QuoteNotSendableError", quoteStatus: "WITHDRAWN" });
    // Revising it afterwards leaves the old link saying withdrawn, not "see the newer email"
    await app.ok(rep, UPDATE, { input: { id: quote.id, expectedVersion: q.version, notes: "重新报价" } });
    expect(await stateOf(quote.id, link.sendId)).toMatchObject({ kind: "CLOSED", reason: "WITHDRAWN" });
  });

  it("withdraws an accepted quote: the page no longer says it stands as accepted, and the next edit starts a new revision", async () => {
    // Prepare: the customer accepted
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    expect((await answer(app, link.viewId, "accept", { name: "顾晓明", title: "采购经理" })).statusCode).toBe(303);
    expect((await quoteOf(quote.id)).status).toBe("ACCEPTED");

    // Act
    const withdrawn = (await app.ok(rep, WITHDRAW, { id: quote.id, reason: "客户项目取消" })).withdrawQuote;

    // Assess
    expect(withdrawn).toMatchObject({ __typename: "Quote", status: "WITHDRAWN" });
    expect(await stateOf(quote.id, link.sendId)).toMatchObject({ kind: "CLOSED", reason: "WITHDRAWN" });
    const q = await quoteOf(quote.id);
    const edited = (await app.ok(rep, UPDATE, { input: { id: quote.id, expectedVersion: q.version, notes: "重新报价" } })).updateQuote;
    expect(edited).toMatchObject({ __typename: "Quote", status: "DRAFT", revision: 2 });
    // Still withdrawn on the old link once the rep is preparing the next revision
    expect(await stateOf(quote.id, link.sendId)).toMatchObject({ kind: "CLOSED", reason: "WITHDRAWN" });
  });

  it("is refused, naming the contract, while a contract stands on the quote; the offer and the link stay as they were", async () => {
    // Prepare
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    const contract = await contractFrom(quote.id);

    // Act
    const refused = (await app.ok(rep, WITHDRAW, { id: quote.id, reason: "重新报价" })).withdrawQuote;

    // Assess
    expect(refused).toMatchObject({ __typename: "OpenContractExistsError", number: contract.number, contractStatus: "DRAFT" });
    expect(refused.message).toContain(contract.number);
    expect(refused.message).toContain("请先撤回合同");
    expect((await quoteOf(quote.id)).status).toBe("APPROVED");
    expect(await stateOf(quote.id, link.sendId)).toMatchObject({ kind: "OPEN" });
  });
});

describe("editing a quote a contract stands on", () => {
  it("is refused with the contract named, and the contract keeps its revision", async () => {
    // Prepare
    const quote = await approvedQuote();
    const contract = await contractFrom(quote.id);
    const q = await quoteOf(quote.id);

    // Act
    const refused = (await app.ok(rep, UPDATE, { input: { id: quote.id, expectedVersion: q.version, extraDiscountFen: 100_000 } })).updateQuote;

    // Assess
    expect(refused).toMatchObject({ __typename: "OpenContractExistsError", number: contract.number, contractStatus: "DRAFT", contract: { id: contract.id } });
    expect(refused.message).toContain("请先撤回合同");
    expect(await quoteOf(quote.id)).toMatchObject({ status: "APPROVED", revision: 1, version: q.version });
  });
});

describe("a deal won with a signed contract", () => {
  it("settles its other quotes: they can no longer be sent, and the customer's link refuses to accept them, saying the deal is signed", async () => {
    // Prepare: a quote sent, then the deal won with a contract from another quote
    const quote = await approvedQuote();
    const link = await sentLink(app, rep, quote.id);
    const deal = (await quoteOf(quote.id)).opportunity.id;
    const won = await advance(app, rep, deal, "CONTRACT_SIGNED");
    expect(won.stage).toBe("CONTRACT_SIGNED");

    // Act
    const sent = await send({ quoteId: quote.id, to: [customer()] });
    const accepted = await answer(app, link.viewId, "accept", { name: "顾晓明", title: "采购经理" });

    // Assess
    expect(sent.__typename).toBe("QuoteDealWonError");
    expect(sent.contractNumber).toMatch(/^HT/);
    expect(sent.message).toContain("签约成交");
    expect(accepted.statusCode).toBe(409);
    expect(accepted.body).toContain("本项目已签约");
    expect((await quoteOf(quote.id)).status).toBe("APPROVED");
    const state = await stateOf(quote.id, link.sendId);
    expect(state).toMatchObject({ kind: "CLOSED", reason: "WON" });
    expect(responsePanelHtml(state, "zh-CN", link.viewId)).toContain("本项目已签约，此报价不再接受在线确认。");
    expect(responsePanelHtml(state, "en", link.viewId)).toContain("A contract has been signed for this deal");
  });
});

describe("sendQuote's idempotency key", () => {
  it("is bound to the revision: the key used for revision 1 is refused once the quote is at revision 2, and nothing old is passed off as sent", async () => {
    // Prepare: revision 1 sent with the key, then revised and approved as revision 2
    const quote = await approvedQuote();
    const key = randomUUID();
    const to = customer();
    expect(await send({ quoteId: quote.id, to: [to], idempotencyKey: key })).toMatchObject({ __typename: "QuoteSend", revision: 1 });
    const q = await quoteOf(quote.id);
    await app.ok(rep, UPDATE, { input: { id: quote.id, expectedVersion: q.version, notes: "交货期改为45天" } });
    expect((await app.ok(rep, SUBMIT, { id: quote.id })).submitQuote).toMatchObject({ status: "APPROVED", revision: 2 });

    // Act
    const again = await send({ quoteId: quote.id, to: [to], idempotencyKey: key });

    // Assess
    expect(again.__typename).toBe("IdempotencyKeyReusedError");
    expect(await inbox(to)).toHaveLength(1);
  });

  it("treats recipients as sets: the same addresses in another order or case are the same send", async () => {
    // Prepare
    const quote = await approvedQuote();
    const [a, b] = [customer(), customer()];
    const key = randomUUID();
    const first = await send({ quoteId: quote.id, to: [a, b], idempotencyKey: key });

    // Act
    const retry = await send({ quoteId: quote.id, to: [b.toUpperCase(), a], idempotencyKey: key });

    // Assess
    expect(first.__typename).toBe("QuoteSend");
    expect(retry).toMatchObject({ __typename: "QuoteSend", id: first.id });
    expect(await inbox(a)).toHaveLength(1);
  });
});

describe("sendQuote's recipients", () => {
  it("does not copy an address in `to` again in `cc`, and counts the 20-address limit after duplicates are gone", async () => {
    // Prepare
    const quote = await approvedQuote();
    const [c, d] = [customer(), customer()];

    // Act
    const sent = await send({ quoteId: quote.id, to: [c], cc: [c.toUpperCase(), d] });
    const many = await send({ quoteId: quote.id, to: Array.from({ length: 21 }, () => c) });

    // Assess
    expect(sent).toMatchObject({ __typename: "QuoteSend", to: [c], cc: [d] });
    const [email] = (await inbox(c)).slice(-1);
    expect(email.destination.cc ?? []).not.toContain(c);
    expect(many).toMatchObject({ __typename: "QuoteSend", to: [c] });
  });

  it("refuses the organization's own people as recipients (the rep could accept as the customer), and allows them in cc", async () => {
    // Prepare
    const quote = await approvedQuote();
    const buyer = customer();

    // Act
    const toSelf = await send({ quoteId: quote.id, to: [buyer, rep.email.toUpperCase()] });
    const toColleague = await send({ quoteId: quote.id, to: [colleague.email] });
    const ccColleague = await send({ quoteId: quote.id, to: [buyer], cc: [colleague.email, rep.email] });

    // Assess
    expect(toSelf.__typename).toBe("ValidationError");
    expect(toSelf.fields).toEqual([{ path: ["to", "1"], code: "STAFF_RECIPIENT", message: expect.stringContaining("收件人须为客户，不能是本公司员工") }]);
    expect(toColleague.fields).toMatchObject([{ path: ["to", "0"], code: "STAFF_RECIPIENT" }]);
    expect(ccColleague).toMatchObject({ __typename: "QuoteSend", to: [buyer], cc: [colleague.email, rep.email] });
    expect(await inbox(rep.email).then((m) => m.filter((e) => e.subject.includes(quote.number)))).toHaveLength(0);
  });
});

describe("a quote's validity", () => {
  it("is at most 365 days after the day it is submitted", async () => {
    // Prepare
    const today = localDay(app.clock.now(), "Asia/Shanghai");
    const tooLate = await quoteFor(app, rep, { list: 10_000, unit: 10_000, cost: 5_000 });
    const justRight = await quoteFor(app, rep, { list: 10_000, unit: 10_000, cost: 5_000 });
    for (const [q, days] of [[tooLate, 366], [justRight, 365]] as const) {
      const { version } = await quoteOf(q.id);
      await app.ok(rep, UPDATE, { input: { id: q.id, expectedVersion: version, validUntil: addDays(today, days) } });
    }

    // Act
    const refused = (await app.ok(rep, SUBMIT, { id: tooLate.id })).submitQuote;
    const approved = (await app.ok(rep, SUBMIT, { id: justRight.id })).submitQuote;

    // Assess
    expect(refused.__typename).toBe("ValidationError");
    expect(refused.fields).toMatchObject([{ path: ["validUntil"], code: "TOO_LATE" }]);
    expect(refused.fields[0].message).toContain(`不晚于${addDays(today, 365)}`);
    expect((await quoteOf(tooLate.id)).status).toBe("DRAFT");
    expect(approved.status).toBe("APPROVED");
  });
});
