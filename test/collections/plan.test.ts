import { beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { ACCEPTED, collectionsTeam, contractOf, DELIVERED, pay, SET_PLAN, signedContract } from "./support";

// Each test signs its own contract through the approval workflow: slower than most on two busy cores.
vi.setConfig({ testTimeout: 120_000 });

/** A signed contract's payment plan becomes instalments; delivery and acceptance fix the due dates that count from them. */
let app: TestApp;
let rep: User;
let finance: User;
let other: User;

beforeAll(async () => {
  app = await testApp();
  const team = await collectionsTeam(app);
  rep = team.rep;
  finance = team.finance;
  other = await app.user({ name: "外组销售", roles: ["REP"] });
});

describe("instalments at signing", () => {
  it("turns the 30/60/10 plan into three instalments to the fen, the last taking the rounding remainder, due from the signing day", async () => {
    // Prepare + Act: ¥100,000.01 signed on 2026-11-23 (the default plan: 0, 60 and 365 days after signing)
    const c = await signedContract(app, rep, { amountFen: 10_000_001 });

    // Assess
    const contract = await contractOf(app, finance, c.id);
    expect(contract.instalments.map((i: any) => [i.index, i.label, i.amount.fen, i.dueOn, i.dueAfter, i.status])).toEqual([
      [1, "预付款", 3_000_000, "2026-11-23", "SIGNING", "PLANNED"],
      [2, "到货款", 6_000_001, "2027-01-22", "SIGNING", "PLANNED"],
      [3, "质保金", 1_000_000, "2027-11-23", "SIGNING", "PLANNED"],
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
    const set = (await app.ok(rep, SET_PLAN, { id: c.id, plan })).setPaymentPlan;
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
