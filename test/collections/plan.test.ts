import { beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvedQuoteOn, CREATE_CONTRACT, decideUntilDone, GET_CONTRACT, sign, SUBMIT_CONTRACT } from "../support/contracts";
import { advance, newDeal, upload } from "../support/pipeline";
import { ACCEPTED, collectionsTeam, contractOf, DELIVERED, pay, SET_PLAN, signedContract } from "./support";

// Each test signs its own contract through the approval workflow: slower than most on two busy cores.
vi.setConfig({ testTimeout: 120_000 });

/** A signed contract's payment plan becomes instalments; delivery and acceptance fix the due dates that count from them. */
let app: TestApp;
let rep: User;
let finance: User;
let clerk: User;
let other: User;

beforeAll(async () => {
  app = await testApp();
  const team = await collectionsTeam(app);
  rep = team.rep;
  finance = team.finance;
  clerk = team.clerk;
  other = await app.user({ name: "外组销售", roles: ["REP"] });
});

describe("instalments at signing", () => {
  it("turns the 30/60/10 plan into three instalments to the fen, the last taking the rounding remainder, due from signing, delivery and acceptance", async () => {
    // Prepare + Act: ¥100,000.01 signed on 2026-11-23 (the default plan: the advance at signing, 到货款 30 days after
    // delivery, 质保金 a year after acceptance: nothing undelivered is ever overdue)
    const c = await signedContract(app, rep, { amountFen: 10_000_001 });

    // Assess
    const contract = await contractOf(app, finance, c.id);
    expect(contract.instalments.map((i: any) => [i.index, i.label, i.amount.fen, i.dueOn, i.dueAfter, i.status])).toEqual([
      [1, "预付款", 3_000_000, "2026-11-23", "SIGNING", "PLANNED"],
      [2, "到货款", 6_000_001, null, "DELIVERY", "PLANNED"],
      [3, "质保金", 1_000_000, null, "ACCEPTANCE", "PLANNED"],
    ]);
    expect(contract.instalments.reduce((s: number, i: any) => s + i.amount.fen, 0)).toBe(10_000_001);
    expect(contract).toMatchObject({ invoiced: { fen: 0 }, received: { fen: 0 }, outstanding: { fen: 10_000_001 }, overdue: { fen: 0 } });
    // The owner reads them too; a rep of another team does not see the contract at all.
    expect((await contractOf(app, rep, c.id)).instalments).toHaveLength(3);
    expect(await contractOf(app, other, c.id)).toBeNull();
    // The next day the advance is overdue, everywhere it shows.
    app.clock.advance(86_400_000);
    const next = await contractOf(app, finance, c.id);
    expect(next.instalments[0].status).toBe("OVERDUE");
    expect(next.overdue.fen).toBe(3_000_000);
    app.clock.advance(-86_400_000);
  });
});

describe("event-based due dates", () => {
  it("fixes delivery and acceptance due dates when they are recorded, once, not in the future and not before signing", async () => {
    // Prepare: 30% within 30 days of signing, 60% 10 days after delivery, 10% a year after acceptance
    const c = await signedContract(app, rep, { amountFen: 11_300_000 });
    const plan = [
      { label: "预付款", percent: 30, dueAfterDays: 30 },
      { label: "到货款", percent: 60, dueAfter: "DELIVERY", dueAfterDays: 10 },
      { label: "质保金", percent: 10, dueAfter: "ACCEPTANCE", dueAfterDays: 365 },
    ];
    const set = (await app.ok(finance, SET_PLAN, { id: c.id, plan })).setPaymentPlan;
    expect(set.instalments.map((i: any) => [i.amount.fen, i.dueOn, i.dueAfter, i.dueAfterDays])).toEqual([
      [3_390_000, "2026-12-23", "SIGNING", 30],
      [6_780_000, null, "DELIVERY", 10],
      [1_130_000, null, "ACCEPTANCE", 365],
    ]);

    // Act + Assess: refused in the future, before signing, and acceptance before delivery
    const future = (await app.ok(rep, DELIVERED, { id: c.id, on: "2026-11-24" })).recordDelivery;
    expect(future.fields).toEqual([{ path: ["deliveredOn"], code: "IN_FUTURE" }]);
    const early = (await app.ok(rep, DELIVERED, { id: c.id, on: "2026-11-22" })).recordDelivery;
    expect(early.fields).toEqual([{ path: ["deliveredOn"], code: "BEFORE_SIGNING" }]);
    expect((await app.ok(other, DELIVERED, { id: c.id, on: "2026-11-23" })).recordDelivery.__typename).toBe("NotFoundError");

    app.clock.set(new Date("2026-12-05T02:00:00Z"));
    const delivered = (await app.ok(rep, DELIVERED, { id: c.id, on: "2026-12-01" })).recordDelivery;
    expect(delivered.deliveredOn).toBe("2026-12-01");
    expect(delivered.instalments.map((i: any) => i.dueOn)).toEqual(["2026-12-23", "2026-12-11", null]);
    // Once: the same day again changes nothing; another day is refused, saying which was recorded.
    expect((await app.ok(rep, DELIVERED, { id: c.id, on: "2026-12-01" })).recordDelivery.__typename).toBe("Contract");
    const again = (await app.ok(finance, DELIVERED, { id: c.id, on: "2026-12-02" })).recordDelivery;
    expect(again).toMatchObject({ __typename: "EventAlreadyRecordedError", on: "2026-12-01", message: "该合同已登记交付日期（2026-12-01），不能再次登记" });

    const beforeDelivery = (await app.ok(finance, ACCEPTED, { id: c.id, on: "2026-11-30" })).recordAcceptance;
    expect(beforeDelivery.fields).toEqual([{ path: ["acceptedOn"], code: "BEFORE_DELIVERY" }]);
    const accepted = (await app.ok(finance, ACCEPTED, { id: c.id, on: "2026-12-04" })).recordAcceptance;
    expect(accepted.instalments.map((i: any) => i.dueOn)).toEqual(["2026-12-23", "2026-12-11", "2027-12-04"]);
    app.clock.set(new Date("2026-11-23T02:00:00Z"));
  });

  it("refuses a delivery day after the acceptance already recorded, naming the fields in Chinese", async () => {
    // Prepare: acceptance recorded first (delivery forgotten), on 12-02
    const c = await signedContract(app, rep, { amountFen: 1_000_000 });
    app.clock.set(new Date("2026-12-05T02:00:00Z"));
    const english = await app.user({ name: "David Lin", locale: "en", roles: ["FINANCE"] });
    expect((await app.ok(rep, ACCEPTED, { id: c.id, on: "2026-12-02" })).recordAcceptance.acceptedOn).toBe("2026-12-02");

    // Act
    const late = (await app.ok(rep, DELIVERED, { id: c.id, on: "2026-12-03" })).recordDelivery;
    const lateEn = (await app.ok(english, DELIVERED, { id: c.id, on: "2026-12-03" })).recordDelivery;
    const future = (await app.ok(rep, DELIVERED, { id: c.id, on: "2026-12-06" })).recordDelivery;
    const unchanged = await contractOf(app, finance, c.id);
    const sameDay = (await app.ok(rep, DELIVERED, { id: c.id, on: "2026-12-02" })).recordDelivery;
    app.clock.set(new Date("2026-11-23T02:00:00Z"));

    // Assess: the contract never says delivered after it was accepted; messages name 交付日期, not deliveredOn
    expect(late).toMatchObject({ __typename: "ValidationError", message: "输入有误：交付日期不能晚于验收日（2026-12-02）", fields: [{ path: ["deliveredOn"], code: "AFTER_ACCEPTANCE" }] });
    expect(lateEn.message).toBe("Invalid input: delivery day cannot be after the acceptance (2026-12-02)");
    expect(future.message).toBe("输入有误：交付日期不能晚于今天（2026-12-05）");
    expect(unchanged.deliveredOn).toBeNull();
    expect(sameDay).toMatchObject({ __typename: "Contract", deliveredOn: "2026-12-02", acceptedOn: "2026-12-02" });
    // The deal's timeline says who recorded each, once.
    const timeline = (await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { timeline(first: 20) { edges { node { kind summary } } } } }`, { id: c.opportunityId })).opportunity.timeline;
    expect(timeline.edges.map((e: any) => e.node).filter((n: any) => n.kind === "CONTRACT_EVENT_RECORDED").map((n: any) => n.summary)).toEqual([
      `${rep.name} 登记合同 ${c.number} 已交付（2026-12-02）`,
      `${rep.name} 登记合同 ${c.number} 已验收（2026-12-02）`,
    ]);
  });

  it("refuses a fixed due date before the signing (or, on a draft, before today) or more than ten years on", async () => {
    // Prepare: a contract signed 2026-11-23, and a draft on another deal
    const c = await signedContract(app, rep, { amountFen: 1_000_000 });
    const deal = await newDeal(app, rep);
    for (const stage of ["FIRST_CONTACT", "NEEDS_CONFIRMED", "QUOTED"]) await advance(app, rep, deal, stage);
    const quote = await approvedQuoteOn(app, rep, deal);
    const file = await upload(app, rep, deal, "CONTRACT_DRAFT");
    const plan = (dueOn: string) => [
      { label: "预付款", percent: 50, dueOn },
      { label: "尾款", percent: 50, dueAfterDays: 30 },
    ];

    // Act
    const past = (await app.ok(finance, SET_PLAN, { id: c.id, plan: plan("2026-01-15") })).setPaymentPlan;
    const far = (await app.ok(finance, SET_PLAN, { id: c.id, plan: plan("2099-12-31") })).setPaymentPlan;
    const draftPast = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, draftFileEvidenceId: file.id, paymentPlan: plan("2020-01-01") } })).createContract;
    const draftFar = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, draftFileEvidenceId: file.id, paymentPlan: plan("9999-12-31") } })).createContract;
    const tenYears = (await app.ok(finance, SET_PLAN, { id: c.id, plan: plan("2036-11-20") })).setPaymentPlan;

    // Assess: nothing due before the contract existed (a contract signed today is not 90 days overdue), no typo parks money for decades
    expect(past).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["paymentPlan", "0", "dueOn"], code: "BEFORE_SIGNING" }] });
    expect(past.message).toContain("不能早于合同签订日（2026-11-23）");
    expect(far).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["paymentPlan", "0", "dueOn"], code: "TOO_FAR" }] });
    expect(draftPast.fields).toEqual([expect.objectContaining({ path: ["paymentPlan", "0", "dueOn"], code: "IN_PAST" })]);
    expect(draftFar.fields).toEqual([expect.objectContaining({ path: ["paymentPlan", "0", "dueOn"], code: "TOO_FAR" })]);
    expect(tenYears.instalments.map((i: any) => i.dueOn)).toEqual(["2036-11-20", "2026-12-23"]);
    expect((await contractOf(app, finance, c.id)).overdue.fen).toBe(0);
  });

  it("refuses signing after a fixed due date of the approved plan: nothing falls due before the contract exists", async () => {
    // Prepare: a contract whose only instalment is due 2026-11-24, approved on 11-23
    const deal = await newDeal(app, rep);
    for (const stage of ["FIRST_CONTACT", "NEEDS_CONFIRMED", "QUOTED"]) await advance(app, rep, deal, stage);
    const quote = await approvedQuoteOn(app, rep, deal);
    const file = await upload(app, rep, deal, "CONTRACT_DRAFT");
    const created = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, draftFileEvidenceId: file.id, paymentPlan: [{ label: "全款", percent: 100, dueOn: "2026-11-24" }] } })).createContract;
    await app.ok(rep, SUBMIT_CONTRACT, { id: created.id });
    await decideUntilDone(app, created.number, async () => (await app.ok(rep, GET_CONTRACT, { id: created.id })).contract.status);

    // Act: signed on 11-26
    app.clock.set(new Date("2026-11-26T02:00:00Z"));
    const late = await sign(app, rep, created.id, deal, "2026-11-26");
    const onTime = await sign(app, rep, created.id, deal, "2026-11-24");
    app.clock.set(new Date("2026-11-23T02:00:00Z"));

    // Assess
    expect(late).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["signedOn"], code: "AFTER_FIXED_DUE_DATE" }] });
    expect(late.message).toContain("签订日期晚于付款计划“全款”的固定付款日期（2026-11-24），请先修改付款计划");
    expect(onTime.__typename).toBe("Contract");
  });

  it("leaves the signed plan (credit terms) to finance, and refuses a plan set on a version someone else changed", async () => {
    // Prepare
    const c = await signedContract(app, rep, { amountFen: 1_000_000 });
    const version = (await app.ok(finance, `query($id: ID!) { contract(id: $id) { version } }`, { id: c.id })).contract.version;
    const plan = (days: number) => [{ label: "全款", percent: 100, dueAfterDays: days }];
    const SET = `mutation($id: ID!, $plan: [PaymentInstallmentInput!]!, $v: Int) { setPaymentPlan(contractId: $id, plan: $plan, expectedVersion: $v) {
      __typename ... on Error { message } ... on VersionConflictError { currentVersion } ... on Contract { version paymentPlan { dueAfterDays } } } }`;

    // Act: the owner tries alone; two finance clerks change the plan from the same reading
    const byOwner = (await app.ok(rep, SET, { id: c.id, plan: plan(5) })).setPaymentPlan;
    const first = (await app.ok(finance, SET, { id: c.id, plan: plan(10), v: version })).setPaymentPlan;
    const second = (await app.ok(clerk, SET, { id: c.id, plan: plan(20), v: version })).setPaymentPlan;

    // Assess
    expect(byOwner.__typename).toBe("ForbiddenError");
    expect(first).toMatchObject({ __typename: "Contract", version: version + 1, paymentPlan: [{ dueAfterDays: 10 }] });
    expect(second).toMatchObject({ __typename: "VersionConflictError", currentVersion: version + 1 });
    expect((await contractOf(app, finance, c.id)).instalments.map((i: any) => i.dueOn)).toEqual(["2026-12-03"]);
    // The deal's timeline says who changed the approved terms, from what to what.
    const timeline = (await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { timeline(first: 20) { edges { node { kind summary actor { id } } } } } }`, { id: c.opportunityId })).opportunity.timeline;
    const changes = timeline.edges.map((e: any) => e.node).filter((n: any) => n.kind === "PAYMENT_PLAN_CHANGED");
    expect(changes).toEqual([
      {
        kind: "PAYMENT_PLAN_CHANGED",
        actor: { id: expect.any(String) },
        summary: `${finance.name} 修改了合同 ${c.number} 的付款计划：预付款 30%（签订后0天） / 到货款 60%（交付后30天） / 质保金 10%（验收后365天） → 全款 100%（签订后10天）`,
      },
    ]);
  });

  it("says a signed contract cannot be withdrawn, rather than talking of its finished approval", async () => {
    // Prepare
    const c = await signedContract(app, rep, { amountFen: 1_000_000 });

    // Act
    const res = (await app.ok(rep, `mutation($id: ID!, $reason: String) { withdrawContract(id: $id, reason: $reason) { __typename ... on Error { message } } }`, { id: c.id, reason: "x" })).withdrawContract;

    // Assess
    expect(res).toEqual({ __typename: "ContractStatusError", message: expect.stringContaining("合同当前状态为“已签订”，不能") });
    expect((await contractOf(app, finance, c.id)).instalments).toHaveLength(3);
  });

  it("takes a fixed due date, checks the plan, and is refused after the first payment with nothing changed", async () => {
    // Prepare
    const c = await signedContract(app, rep, { amountFen: 5_000_000 });
    const plan = [
      { label: "首付", amount: { fen: 2_000_000 }, dueOn: "2026-12-15" },
      { label: "尾款", amount: { fen: 3_000_000 }, dueAfterDays: 90 },
    ];

    // Act
    const bad = (await app.ok(finance, SET_PLAN, { id: c.id, plan: [{ label: "全款", percent: 100 }, { label: "x", percent: 0, dueOn: "2026-12-01", dueAfterDays: 3 }] })).setPaymentPlan;
    const set = (await app.ok(finance, SET_PLAN, { id: c.id, plan })).setPaymentPlan;
    const paid = await pay(app, finance, { contractId: c.id, amount: { fen: 100 }, receivedOn: "2026-11-23", reference: `PLAN-${c.id}` });
    const refused = (await app.ok(finance, SET_PLAN, { id: c.id, plan: [{ label: "全款", percent: 100, dueAfterDays: 0 }] })).setPaymentPlan;

    // Assess
    expect(bad.__typename).toBe("ValidationError");
    expect(bad.fields.map((f: any) => `${f.path.join(".")}:${f.code}`)).toEqual(expect.arrayContaining(["paymentPlan.0:DAYS_OR_DATE", "paymentPlan.1:DAYS_OR_DATE"]));
    expect(set.instalments.map((i: any) => [i.label, i.amount.fen, i.dueOn, i.dueAfter])).toEqual([
      ["首付", 2_000_000, "2026-12-15", null],
      ["尾款", 3_000_000, "2027-02-21", "SIGNING"],
    ]);
    expect(paid.__typename).toBe("Payment");
    expect(refused).toEqual({ __typename: "PlanHasPaymentsError", message: "合同已回款（¥1.00），付款计划不能再修改" });
    expect((await contractOf(app, finance, c.id)).instalments.map((i: any) => i.label)).toEqual(["首付", "尾款"]);
  });
});
