import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { addDays, localDay } from "../../functions/core/local-day";
import { testApp, type TestApp } from "../support/app";
import { mailbox } from "../support/approvals";
import { approvedContractOn, decideUntilDone, sign } from "../support/contracts";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { advance, CREATE } from "../support/pipeline";
import { pdfPages, squash } from "../pdf/read-pdf";
import { assign, move, shanghai, WO_FIELDS, workOrderTeam } from "./support";

/** Work orders the product opens itself: the feasibility review when a quote is submitted, the hand-over at signing. */
let app: TestApp;
let team: Awaited<ReturnType<typeof workOrderTeam>>;

const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { __typename ... on Error { message } ... on Quote { id number } } }`;
const SUBMIT = `mutation($id: ID!) { submitQuote(id: $id) { __typename ... on Error { message } ... on Quote { status revision } } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String) { withdrawQuote(id: $id, reason: $reason) { __typename ... on Error { message } } }`;
const QUOTE_STATUS = `query($id: ID!) { quote(id: $id) { status } }`;
const SETTINGS = `mutation($input: SetWorkOrderSettingsInput!) { setWorkOrderSettings(input: $input) { __typename ... on Error { message }
  ... on WorkOrderSettings { version feasibilityReviewOnQuoteSubmit } } }`;
const orders = async (as: User, filter: Record<string, unknown>) =>
  (await app.ok(as, `query($filter: WorkOrderFilter) { workOrders(filter: $filter) { edges { node { ${WO_FIELDS} quote { id number } contract { id number } } } } }`, { filter })).workOrders.edges.map(
    (e: any) => e.node,
  );

/** A deal on a customer with a contact (at QUOTED when `quoted`), and its id. */
async function quotedDeal(customerName: string, quoted = false) {
  const customer = (
    await app.ok(team.rep, CREATE_CUSTOMER, {
      input: customerInput({ name: customerName, contacts: [{ name: "俞国平", title: "设备部部长", phone: "13805740000", email: "yu.guoping@zhenhai.example" }] }),
    })
  ).createCustomer;
  const deal = (await app.ok(team.rep, CREATE, { input: { customerId: customer.id, title: "常减压装置阀门更换" } })).createOpportunity;
  if (quoted) await advance(app, team.rep, deal.id, "QUOTED");
  return deal.id as string;
}

/** A quote on the deal with notes (the special promises), as a draft. */
async function draftQuote(opportunityId: string, notes = "免费提供两年质保及现场安装指导") {
  const today = localDay(app.clock.now(), "Asia/Shanghai");
  const res = await app.ok(team.rep, CREATE_QUOTE, {
    input: {
      opportunityId,
      lines: [
        { product: "高性能蝶阀", spec: "DN300 PN16", quantity: 4, unit: "台", listPriceFen: 2_500_000, unitPriceFen: 2_500_000 },
        { product: "电动执行器", spec: "AC380V", quantity: 4, unit: "套", listPriceFen: 800_000, unitPriceFen: 800_000 },
      ],
      paymentTerms: "30%预付，60%到货，10%质保金",
      deliveryTerms: "合同生效后45天内送达镇海炼化指定工地",
      validUntil: addDays(today, 30),
      notes,
    },
  });
  if (res.createQuote.__typename !== "Quote") throw new Error(JSON.stringify(res.createQuote));
  return res.createQuote as { id: string; number: string };
}

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  team = await workOrderTeam(app);
});

describe("quote submission", () => {
  it("opens one technical feasibility review for TECH per submitted revision, due in 24 business hours", async () => {
    // Prepare
    app.clock.set(shanghai("2026-11-23T10:00"));
    const dealId = await quotedDeal("宁波镇海炼化阀门采购部");
    const quote = await draftQuote(dealId);

    // Act: submitted, submitted again while pending, withdrawn and submitted as revision 2
    await app.ok(team.rep, SUBMIT, { id: quote.id });
    await app.ok(team.rep, SUBMIT, { id: quote.id });
    const reviewsAfterOne = await orders(team.engineer, { typeKey: "TECH_FEASIBILITY_REVIEW", opportunityId: dealId });
    await app.ok(team.rep, WITHDRAW, { id: quote.id, reason: "客户调整数量" });
    const second = (await app.ok(team.rep, SUBMIT, { id: quote.id })).submitQuote;
    const reviews = await orders(team.engineer, { typeKey: "TECH_FEASIBILITY_REVIEW", opportunityId: dealId });

    // Assess: 24 business hours from Monday 10:00 = Mon 8 + Tue 9 + Wed 7 → Wednesday 16:00
    const ofQuote = (list: any[]) => list.filter((w) => w.quote?.number === quote.number);
    expect(ofQuote(reviewsAfterOne)).toHaveLength(1);
    expect(ofQuote(reviewsAfterOne)[0]).toMatchObject({
      title: `技术可行性评审：报价单 ${quote.number} 第1版`,
      department: "TECH",
      status: "OPEN",
      createdBy: { name: "陈刚" },
      resolutionDueAt: shanghai("2026-11-25T16:00").toISOString(),
      fields: [{ key: "revision", number: 1 }],
    });
    expect(second.revision).toBe(2);
    expect(ofQuote(reviews).map((w) => w.title)).toEqual([`技术可行性评审：报价单 ${quote.number} 第2版`, `技术可行性评审：报价单 ${quote.number} 第1版`]);
  });

  it("rejects the open review of a superseded or withdrawn revision, with the reason, so it never breaches against TECH (F16)", async () => {
    // Prepare
    app.clock.set(shanghai("2026-11-23T11:00"));
    const dealId = await quotedDeal("镇海石化球阀项目");
    const quote = await draftQuote(dealId);
    await app.ok(team.rep, SUBMIT, { id: quote.id });
    const { version } = (await app.ok(team.rep, `query($id: ID!) { quote(id: $id) { version } }`, { id: quote.id })).quote;
    await app.ok(team.rep, `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { __typename } }`, { input: { id: quote.id, expectedVersion: version, notes: "第二版" } });
    await app.ok(team.rep, SUBMIT, { id: quote.id });

    // Act
    const afterSecond = await orders(team.engineer, { typeKey: "TECH_FEASIBILITY_REVIEW", opportunityId: dealId });
    await app.ok(team.rep, WITHDRAW, { id: quote.id, reason: "客户取消" });
    app.clock.set(shanghai("2026-11-27T10:00")); // long past both 24-hour deadlines
    const afterWithdrawal = await orders(team.engineer, { typeKey: "TECH_FEASIBILITY_REVIEW", opportunityId: dealId });

    // Assess
    const byRevision = (list: any[]) => Object.fromEntries(list.map((w) => [w.fields[0].number, { status: w.status, rejectReason: w.rejectReason, breached: w.breached }]));
    expect(byRevision(afterSecond)).toEqual({ 1: { status: "REJECTED", rejectReason: "已有新版本（第2版）", breached: [] }, 2: { status: "OPEN", rejectReason: null, breached: [] } });
    const english = await app.user({ name: "David Lin", roles: ["GM"], locale: "en" });
    expect((await orders(english, { typeKey: "TECH_FEASIBILITY_REVIEW", opportunityId: dealId })).map((w: any) => w.title)).toEqual([
      `Technical feasibility review: quote ${quote.number} rev. 2`,
      `Technical feasibility review: quote ${quote.number} rev. 1`,
    ]); // a title the system wrote, in the reader's language (F15)
    expect(byRevision(afterWithdrawal)).toEqual({ 1: { status: "REJECTED", rejectReason: "已有新版本（第2版）", breached: [] }, 2: { status: "REJECTED", rejectReason: "报价已撤回", breached: [] } });
  });

  it("escalates a late review to the technical director, not the engineer's own supervisor", async () => {
    // Prepare: an engineer who reports to the GM takes the review and acknowledges it in time
    app.clock.set(shanghai("2026-11-24T09:00"));
    const outsider = await app.user({ name: "孙工", roles: ["TECH"], managerId: team.gm.id });
    const dealId = await quotedDeal("舟山港务阀门项目部");
    const quote = await draftQuote(dealId);
    await app.ok(team.rep, SUBMIT, { id: quote.id });
    const [review] = (await orders(team.engineer, { typeKey: "TECH_FEASIBILITY_REVIEW", opportunityId: dealId })).filter((w: any) => w.quote?.number === quote.number);
    await assign(app, team.director, review.id, outsider);
    await move(app, outsider, review.id, "ACKNOWLEDGED");

    // Act: 24 business hours from Tuesday 09:00 → Thursday 15:00; a sweep just after
    app.clock.set(shanghai("2026-11-26T15:01"));
    await runScheduledJobs(app.deps);

    // Assess
    const subject = `工单处理超时：${review.title}`;
    expect((await mailbox(team.director.email)).filter((e) => e.subject === subject)).toHaveLength(1);
    expect((await mailbox(team.gm.email)).filter((e) => e.subject === subject)).toHaveLength(0);
  });

  it("opens no review when ADMIN turned it off", async () => {
    // Prepare
    app.clock.set(shanghai("2026-11-27T10:00"));
    const byRep = (await app.ok(team.rep, SETTINGS, { input: { expectedVersion: 0, feasibilityReviewOnQuoteSubmit: false } })).setWorkOrderSettings;
    const off = (await app.ok(team.admin, SETTINGS, { input: { expectedVersion: 0, feasibilityReviewOnQuoteSubmit: false } })).setWorkOrderSettings;
    const dealId = await quotedDeal("北仑化工阀门采购");
    const quote = await draftQuote(dealId);

    // Act
    await app.ok(team.rep, SUBMIT, { id: quote.id });

    // Assess
    expect(byRep.__typename).toBe("ForbiddenError");
    expect(off).toMatchObject({ version: 1, feasibilityReviewOnQuoteSubmit: false });
    expect((await orders(team.engineer, { typeKey: "TECH_FEASIBILITY_REVIEW", opportunityId: dealId })).filter((w: any) => w.quote?.number === quote.number)).toEqual([]);
    await app.ok(team.admin, SETTINGS, { input: { expectedVersion: 1, feasibilityReviewOnQuoteSubmit: true } });
  });
});

describe("signing", () => {
  it("opens one delivery hand-over order with the 客户交付说明书 PDF: contract, customer, scope, contacts, dates, promises", async () => {
    // Prepare
    app.clock.set(shanghai("2026-11-30T10:00"));
    const dealId = await quotedDeal("宁波镇海炼化交付测试", true);
    const quote = await draftQuote(dealId);
    await app.ok(team.rep, SUBMIT, { id: quote.id });
    await decideUntilDone(app, quote.number, async () => (await app.ok(team.rep, QUOTE_STATUS, { id: quote.id })).quote.status);
    const contract = await approvedContractOn(app, team.rep, dealId, { quoteId: quote.id });

    // Act: signed, and signed again (a retried request)
    const signed = await sign(app, team.rep, contract.id, dealId);
    await sign(app, team.rep, contract.id, dealId);

    // Assess
    expect(signed.status).toBe("SIGNED");
    const handOvers = await orders(team.engineer, { typeKey: "DELIVERY_HANDOVER", opportunityId: dealId });
    expect(handOvers).toHaveLength(1);
    expect(handOvers[0]).toMatchObject({
      title: `交付交接：合同 ${contract.number}（宁波镇海炼化交付测试）`,
      department: "TECH",
      status: "OPEN",
      contract: { number: contract.number },
      handOverDocumentName: `客户交付说明书-${contract.number}.pdf`,
    });
    const response = await fetch(handOvers[0].handOverDocumentUrl);
    expect(response.status).toBe(200);
    const text = squash((await pdfPages(new Uint8Array(await response.arrayBuffer()))).join("\n"));
    for (const expected of [
      "客户交付说明书",
      `合同编号：${contract.number}`,
      "客户：宁波镇海炼化交付测试",
      `报价单：${quote.number}（第1版）`,
      "高性能蝶阀（DN300PN16）4台",
      "电动执行器（AC380V）4套",
      "客户联系人：俞国平，设备部部长，13805740000，yu.guoping@zhenhai.example",
      "我方负责人：陈刚",
      "签订日期：2026-11-30",
      "交货条款：合同生效后45天内送达镇海炼化指定工地",
      "付款条件：30%预付，60%到货，10%质保金",
      "特别承诺：免费提供两年质保及现场安装指导",
    ]) {
      expect(text).toContain(squash(expected));
    }
    expect(text).toMatch(/付款计划1：\S+30%/);
  });
  it("prints the payment plan with the instalments' amounts, adding up to the contract amount to the fen (F22)", async () => {
    // Prepare: ¥335,120.05 on the default 30/60/10 plan; each share rounded alone would come to one fen more
    app.clock.set(shanghai("2026-12-01T10:00"));
    const dealId = await quotedDeal("广西柳州钢铁交付测试", true);
    const contract = await approvedContractOn(app, team.rep, dealId, { amountFen: 33_512_005 });

    // Act
    await sign(app, team.rep, contract.id, dealId);

    // Assess: the last line takes the remainder
    const [handOver] = await orders(team.engineer, { typeKey: "DELIVERY_HANDOVER", opportunityId: dealId });
    const text = squash((await pdfPages(new Uint8Array(await (await fetch(handOver.handOverDocumentUrl)).arrayBuffer()))).join("\n"));
    const amounts = [...text.matchAll(/付款计划\d：\S*?%（¥([\d,.]+)）/g)].map((m) => Math.round(Number(m[1].replaceAll(",", "")) * 100));
    expect(amounts.length).toBeGreaterThan(1);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(33_512_005);
  });
});
