import { beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { upload } from "../support/pipeline";
import { collectionsTeam, contractOf, INVOICE, pay, REQUEST, SET_PLAN, signedContract } from "./support";

// Each test signs its own contract through the approval workflow: slower than most on two busy cores.
vi.setConfig({ testTimeout: 120_000 });

/** Invoices and payments against a signed contract: partial, oldest first, once per reference, never more than owed, never lost. */
let app: TestApp;
let rep: User;
let manager: User;
let finance: User;
let admin: User;

beforeAll(async () => {
  app = await testApp();
  const team = await collectionsTeam(app);
  ({ rep, manager, finance } = team);
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
});

/** A contract of ¥10,000.00 in three fixed instalments: 3,000 due 12-01, 5,000 due 12-20, 2,000 due 2027-01-31. */
async function threePart() {
  const c = await signedContract(app, rep, { amountFen: 1_000_000 });
  const plan = [
    { label: "预付款", amount: { fen: 300_000 }, dueOn: "2026-12-01" },
    { label: "到货款", amount: { fen: 500_000 }, dueOn: "2026-12-20" },
    { label: "质保金", amount: { fen: 200_000 }, dueOn: "2027-01-31" },
  ];
  const set = (await app.ok(finance, SET_PLAN, { id: c.id, plan })).setPaymentPlan;
  return { ...c, instalments: set.instalments.map((i: any) => i.id) as string[] };
}

const figures = async (id: string) => {
  const c = await contractOf(app, finance, id);
  return { received: c.received.fen, outstanding: c.outstanding.fen, paid: c.instalments.map((i: any) => [i.received.fen, i.status]) };
};

describe("recordPayment", () => {
  it("takes part payments, oldest due first unless an instalment is named, and refuses reps", async () => {
    // Prepare
    const c = await threePart();

    // Act
    const byRep = await pay(app, rep, { contractId: c.id, amount: { fen: 100 }, receivedOn: "2026-11-23", reference: `R-${c.id}` });
    const first = await pay(app, finance, { contractId: c.id, amount: { fen: 400_000 }, receivedOn: "2026-11-23", reference: `A-${c.id}` });
    const named = await pay(app, admin, { contractId: c.id, amount: { fen: 50_000 }, receivedOn: "2026-11-23", reference: `B-${c.id}`, instalmentId: c.instalments[2] });

    // Assess: 4,000 paid the advance (3,000) and 1,000 of the delivery payment; 500 went to the retention named
    expect(byRep.__typename).toBe("ForbiddenError");
    expect(first.allocations.map((a: any) => [a.instalment.index, a.amount.fen])).toEqual([
      [1, 300_000],
      [2, 100_000],
    ]);
    expect(named.allocations.map((a: any) => [a.instalment.index, a.amount.fen])).toEqual([[3, 50_000]]);
    expect(await figures(c.id)).toEqual({
      received: 450_000,
      outstanding: 550_000,
      paid: [
        [300_000, "PAID"],
        [100_000, "PARTIALLY_PAID"],
        [50_000, "PARTIALLY_PAID"],
      ],
    });
    // The owner and their manager read the figures too.
    expect((await contractOf(app, manager, c.id)).received.fen).toBe(450_000);
  });

  it("records a reference once: the same figures again answer with the first payment, other figures are refused", async () => {
    // Prepare
    const c = await threePart();
    const input = { contractId: c.id, amount: { fen: 120_000 }, receivedOn: "2026-11-23", reference: `DUP-${c.id}` };
    await pay(app, finance, input);

    // Act
    const again = await pay(app, finance, input);
    const different = await pay(app, finance, { ...input, amount: { fen: 130_000 } });

    // Assess
    expect(again).toMatchObject({ __typename: "Payment", amount: { fen: 120_000 }, allocations: [{ instalment: { index: 1 }, amount: { fen: 120_000 } }] });
    expect(different).toEqual({ __typename: "PaymentReferenceConflictError", reference: `DUP-${c.id}`, message: `流水号 DUP-${c.id} 已登记过一笔金额、日期或合同不同的回款，请核对` });
    expect((await figures(c.id)).received).toBe(120_000);
  });

  it("refuses an overpayment, saying what is owed, and changes nothing", async () => {
    // Prepare
    const c = await threePart();
    await pay(app, finance, { contractId: c.id, amount: { fen: 900_000 }, receivedOn: "2026-11-23", reference: `OP1-${c.id}` });
    const before = await figures(c.id);

    // Act
    const over = await pay(app, finance, { contractId: c.id, amount: { fen: 100_001 }, receivedOn: "2026-11-23", reference: `OP2-${c.id}` });
    const overNamed = await pay(app, finance, { contractId: c.id, amount: { fen: 50_000 }, receivedOn: "2026-11-23", reference: `OP3-${c.id}`, instalmentId: c.instalments[0] });
    const english = await app.ok({ ...finance, locale: "en" } as User, `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { __typename ... on Error { message } } }`, {
      input: { contractId: c.id, amount: { fen: 100_001 }, receivedOn: "2026-11-23", reference: `OP4-${c.id}` },
    });
    const future = await pay(app, finance, { contractId: c.id, amount: { fen: 1 }, receivedOn: "2026-11-24", reference: `OP5-${c.id}` });

    // Assess
    expect(over).toEqual({ __typename: "OverpaymentError", outstanding: { fen: 100_000 }, message: "回款金额超过合同未收金额（¥1,000.00），未登记" });
    expect(overNamed).toMatchObject({ __typename: "OverpaymentError", outstanding: { fen: 0 } });
    expect(english.recordPayment.__typename).toBe("OverpaymentError");
    expect(future).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["receivedOn"], code: "IN_FUTURE" }] });
    expect(await figures(c.id)).toEqual(before);
    // A refused reference was not taken: it can be used for the right amount.
    expect((await pay(app, finance, { contractId: c.id, amount: { fen: 50_000 }, receivedOn: "2026-11-23", reference: `OP2-${c.id}` })).__typename).toBe("Payment");
  });

  it("records two payments made at once, both counted", async () => {
    // Prepare
    const c = await threePart();

    // Act: five payments at the same moment
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => pay(app, finance, { contractId: c.id, amount: { fen: 10_000 * n }, receivedOn: "2026-11-23", reference: `CC${n}-${c.id}` })),
    );

    // Assess
    expect(results.map((r) => r.__typename)).toEqual(["Payment", "Payment", "Payment", "Payment", "Payment"]);
    expect((await figures(c.id)).received).toBe(150_000);
    const payments = (await app.ok(finance, `query($id: ID!) { contract(id: $id) { payments { reference amount { fen } } } }`, { id: c.id })).contract.payments;
    expect(payments).toHaveLength(5);
  });
});

describe("recordInvoice and requestCollection", () => {
  it("books invoices oldest first, keeps numbers unique in the organization, never invoices more than the contract", async () => {
    // Prepare
    const c = await threePart();
    const other = await threePart();
    const invoice = (contractId: string, number: string, fen: number, extra: Record<string, unknown> = {}) =>
      app.ok(finance, INVOICE, { input: { contractId, number, amount: { fen }, issuedOn: "2026-11-23", type: "VAT_SPECIAL", ...extra } }).then((r) => r.recordInvoice);

    // Act
    const first = await invoice(c.id, `FP${c.id.slice(-8)}`, 300_000);
    const same = await invoice(c.id, `FP${c.id.slice(-8)}`, 300_000);
    const taken = await invoice(other.id, `FP${c.id.slice(-8)}`, 100_000);
    const tooMuch = await invoice(c.id, `FQ${c.id.slice(-8)}`, 700_001);
    const byRep = await app.ok(rep, INVOICE, { input: { contractId: c.id, number: "X1", amount: { fen: 1 }, issuedOn: "2026-11-23", type: "VAT_GENERAL" } });
    const requested = (await app.ok(finance, REQUEST, { id: c.instalments[1] })).requestCollection;

    // Assess
    expect(first).toMatchObject({ __typename: "Invoice", amount: { fen: 300_000 }, type: "VAT_SPECIAL", instalment: null });
    expect(same).toMatchObject({ __typename: "Invoice", number: first.number });
    expect(taken.__typename).toBe("InvoiceNumberTakenError");
    expect(tooMuch).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["amount", "fen"], code: "EXCEEDS_CONTRACT" }] });
    expect(byRep.recordInvoice.__typename).toBe("ForbiddenError");
    expect(requested.collectionRequestedAt).toBe(app.clock.now().toISOString());
    const contract = await contractOf(app, finance, c.id);
    expect(contract.invoiced.fen).toBe(300_000);
    expect(contract.instalments.map((i: any) => [i.invoiced.fen, i.status])).toEqual([
      [300_000, "INVOICED"],
      [0, "PLANNED"],
      [0, "PLANNED"],
    ]);
  });
});

describe("交付回款", () => {
  it("is reached when the plan is fully paid, and a manual move there is refused before", async () => {
    // Prepare
    const c = await threePart();
    await upload(app, rep, c.opportunityId, "PAYMENT_RECEIPT");
    await pay(app, finance, { contractId: c.id, amount: { fen: 999_999 }, receivedOn: "2026-11-23", reference: `P1-${c.id}` });

    // Act
    const manual = (await app.ok(rep, `mutation($input: MoveOpportunityInput!) { moveOpportunity(input: $input) { __typename ... on Error { message } ... on PlanNotPaidError { outstanding { fen } } } }`, {
      input: { id: c.opportunityId, toStage: "DELIVERED_PAID" },
    })).moveOpportunity;
    const stageBefore = (await contractOf(app, rep, c.id)).opportunity.stage;
    app.clock.advance(1000);
    await pay(app, finance, { contractId: c.id, amount: { fen: 1 }, receivedOn: "2026-11-23", reference: `P2-${c.id}` });

    // Assess
    expect(manual).toEqual({
      __typename: "PlanNotPaidError",
      outstanding: { fen: 1 },
      message: "合同尚有未收款项（¥0.01），付款计划全部回款后商机自动进入“交付回款”",
    });
    expect(stageBefore).toBe("CONTRACT_SIGNED");
    const deal = (await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { stage forecastCategory wonAmount { fen } stageHistory { stage } } }`, { id: c.opportunityId })).opportunity;
    expect(deal).toMatchObject({ stage: "DELIVERED_PAID", forecastCategory: "CLOSED", wonAmount: { fen: 1_000_000 } });
    expect(deal.stageHistory.map((v: any) => v.stage).slice(-2)).toEqual(["CONTRACT_SIGNED", "DELIVERED_PAID"]);
    expect((await contractOf(app, rep, c.id)).instalments.every((i: any) => i.status === "PAID")).toBe(true);
  });
});
