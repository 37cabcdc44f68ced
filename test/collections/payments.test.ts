import { beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { upload } from "../support/pipeline";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { collectionsTeam, contractOf, ERR, gidOf, INVOICE, pay, REQUEST, SET_PLAN, signedContract } from "./support";

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

  it("pays and invoices what is due before a line whose event has not happened yet", async () => {
    // Prepare: 到货款 counts from a delivery not yet recorded; 预付款 is due today, 质保金 on 12-10
    const c = await signedContract(app, rep, { amountFen: 1_000_000 });
    const plan = [
      { label: "到货款", amount: { fen: 500_000 }, dueAfter: "DELIVERY", dueAfterDays: 0 },
      { label: "预付款", amount: { fen: 400_000 }, dueAfterDays: 0 },
      { label: "质保金", amount: { fen: 100_000 }, dueOn: "2026-12-10" },
    ];
    await app.ok(finance, SET_PLAN, { id: c.id, plan });

    // Act
    const paid = await pay(app, finance, { contractId: c.id, amount: { fen: 450_000 }, receivedOn: "2026-11-23", reference: `UNDATED-${c.id}` });
    const invoiced = (await app.ok(finance, INVOICE, { input: { contractId: c.id, number: `UD${c.id.slice(-8)}`, amount: { fen: 400_000 }, issuedOn: "2026-11-23", type: "VAT_SPECIAL" } })).recordInvoice;

    // Assess: the advance due today is paid and invoiced, then the retention; the undated delivery payment waits
    expect(paid.allocations.map((a: any) => [a.instalment.index, a.amount.fen])).toEqual([
      [2, 400_000],
      [3, 50_000],
    ]);
    expect(invoiced.__typename).toBe("Invoice");
    const contract = await contractOf(app, finance, c.id);
    expect(contract.instalments.map((i: any) => [i.label, i.invoiced.fen, i.received.fen, i.status])).toEqual([
      ["到货款", 0, 0, "PLANNED"],
      ["预付款", 400_000, 400_000, "PAID"],
      ["质保金", 0, 50_000, "PARTIALLY_PAID"],
    ]);
  });

  it("records one transfer once however its reference is typed: full-width, other case, spaces", async () => {
    // Prepare: the reference as the bank prints it, and as a Chinese IME or a hurried clerk types it
    const c = await threePart();
    const ref = `BANK-${c.id.slice(-12, -2)}`;
    const fullWidth = [...ref].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join("");
    const input = { contractId: c.id, amount: { fen: 500 }, receivedOn: "2026-11-23" };
    const first = await pay(app, finance, { ...input, reference: ref });

    // Act
    const variants = [];
    for (const reference of [ref.toLowerCase(), fullWidth, ` ${ref.slice(0, 4)} ${ref.slice(4)}　`]) variants.push(await pay(app, finance, { ...input, reference }));
    const otherAmount = await pay(app, finance, { ...input, amount: { fen: 600 }, reference: fullWidth });

    // Assess: ¥5.00 received once, under the reference first recorded
    expect(first).toMatchObject({ __typename: "Payment", reference: ref });
    expect(variants.map((v) => [v.__typename, v.reference])).toEqual([
      ["Payment", ref],
      ["Payment", ref],
      ["Payment", ref],
    ]);
    expect(otherAmount).toMatchObject({ __typename: "PaymentReferenceConflictError", reference: ref });
    expect((await figures(c.id)).received).toBe(500);
    const payments = (await app.ok(finance, `query($id: ID!) { contract(id: $id) { payments { reference } } }`, { id: c.id })).contract.payments;
    expect(payments).toEqual([{ reference: ref }]);
  });

  it("takes a reference as one token and says in Chinese what is wrong with an amount or an instalment", async () => {
    // Prepare
    const c = await threePart();
    const other = await threePart();
    const input = { contractId: c.id, amount: { fen: 500 }, receivedOn: "2026-11-23" };

    // Act
    const twoLines = await pay(app, finance, { ...input, reference: "REF\nLINE" });
    const tab = await pay(app, finance, { ...input, reference: "REF\t1" });
    const tooLong = await pay(app, finance, { ...input, reference: "R".repeat(65) });
    const negative = await pay(app, finance, { ...input, amount: { fen: -100 }, reference: `NEG-${c.id}` });
    const zero = await pay(app, finance, { ...input, amount: { fen: 0 }, reference: `ZERO-${c.id}` });
    const huge = await pay(app, finance, { ...input, amount: { fen: 9_007_199_254_740_991 }, reference: `HUGE-${c.id}` });
    const notThisContract = await pay(app, finance, { ...input, reference: `OTHER-${c.id}`, instalmentId: other.instalments[0] });
    const notAnInstalment = await pay(app, finance, { ...input, reference: `CID-${c.id}`, instalmentId: c.id });
    const missing = (await app.ok(finance, REQUEST, { id: gidOf("Instalment", `${decodeGlobalID(c.id).id}-9`) })).requestCollection;

    // Assess
    expect(twoLines).toMatchObject({ __typename: "ValidationError", message: "输入有误：流水号只能是一串字符，不能包含换行、制表符或控制字符", fields: [{ path: ["reference"], code: "NOT_ONE_TOKEN" }] });
    expect(tab.fields).toEqual([{ path: ["reference"], code: "NOT_ONE_TOKEN" }]);
    expect(tooLong).toMatchObject({ message: "输入有误：流水号不能超过64个字符", fields: [{ path: ["reference"], code: "TOO_LONG" }] });
    expect(negative).toMatchObject({ message: "输入有误：金额须为大于0的整数（单位：分）", fields: [{ path: ["amount", "fen"], code: "NOT_POSITIVE" }] });
    expect(zero.message).toBe("输入有误：金额须为大于0的整数（单位：分）");
    expect(huge).toMatchObject({ message: "输入有误：金额不能超过¥10,000,000,000,000.00", fields: [{ path: ["amount", "fen"], code: "TOO_LARGE" }] });
    expect(notThisContract).toMatchObject({ message: "输入有误：期次不属于此合同", fields: [{ path: ["instalmentId"], code: "NOT_IN_CONTRACT" }] });
    expect(notAnInstalment).toMatchObject({ message: "输入有误：期次编号无效", fields: [{ path: ["instalmentId"], code: "INVALID_ID" }] });
    expect(missing).toEqual({ __typename: "NotFoundError", message: "未找到该期款项" });
    expect((await figures(c.id)).received).toBe(0);
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
    // Each says who recorded it, and when.
    const who = (await app.ok(finance, `query($id: ID!) { contract(id: $id) { payments { recordedBy { name } recordedAt } invoices { recordedBy { name } } } }`, { id: c.id })).contract;
    expect(new Set(who.payments.map((p: any) => p.recordedBy.name))).toEqual(new Set([finance.name]));
    expect(who.payments[0].recordedAt).toBe(app.clock.now().toISOString());
  });

  it("keeps a payment committed while another was between reading the ledger and its instalments", async () => {
    // Prepare: the first payment's ledger read lets a second payment commit first, once
    const c = await threePart();
    const store = app.deps.store.instalments;
    const ledger = store.ledger;
    const stored = decodeGlobalID(c.id).id;
    let interleaved = false;
    store.ledger = async (contractId: string) => {
      if (contractId === stored && !interleaved) {
        interleaved = true;
        expect((await pay(app, finance, { contractId: c.id, amount: { fen: 20_000 }, receivedOn: "2026-11-23", reference: `IL2-${c.id}` })).__typename).toBe("Payment");
      }
      return ledger(contractId);
    };

    // Act
    try {
      expect((await pay(app, finance, { contractId: c.id, amount: { fen: 10_000 }, receivedOn: "2026-11-23", reference: `IL1-${c.id}` })).__typename).toBe("Payment");
    } finally {
      store.ledger = ledger;
    }

    // Assess: both on the contract and on its first instalment
    expect(interleaved).toBe(true);
    expect(await figures(c.id)).toMatchObject({ received: 30_000, paid: [[30_000, "PARTIALLY_PAID"], [0, expect.any(String)], [0, expect.any(String)]] });
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
    expect(first).toMatchObject({ __typename: "Invoice", amount: { fen: 300_000 }, type: "VAT_SPECIAL", instalment: { index: 1 } });
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

describe("requestCollection and invoice instalments", () => {
  it("refuses a collection request for an instalment already paid", async () => {
    // Prepare
    const c = await threePart();
    await pay(app, finance, { contractId: c.id, amount: { fen: 300_000 }, receivedOn: "2026-11-23", reference: `RQ-${c.id}` });

    // Act
    const paid = (await app.ok(finance, REQUEST, { id: c.instalments[0] })).requestCollection;
    const owed = (await app.ok(finance, REQUEST, { id: c.instalments[1] })).requestCollection;

    // Assess
    expect(paid).toEqual({ __typename: "ValidationError", message: "输入有误：期次已全部回款，无需催款", fields: [{ path: ["instalmentId"], code: "ALREADY_PAID" }] });
    expect(owed.collectionRequestedAt).not.toBeNull();
    expect((await contractOf(app, finance, c.id)).instalments[0].collectionRequestedAt).toBeNull();
  });

  it("shows the instalment an invoice went to, named or not, and keeps it when the plan changes", async () => {
    // Prepare
    const c = await threePart();
    const invoice = (number: string, fen: number, extra: Record<string, unknown> = {}) =>
      app.ok(finance, INVOICE, { input: { contractId: c.id, number, amount: { fen }, issuedOn: "2026-11-23", type: "VAT_GENERAL", ...extra } }).then((r) => r.recordInvoice);

    // Act
    const first = await invoice(`IA${c.id.slice(-8)}`, 300_000);
    const spread = await invoice(`IB${c.id.slice(-8)}`, 600_000);
    const retention = await invoice(`IC${c.id.slice(-8)}`, 100_000, { instalmentId: c.instalments[2] });
    const replanned = (await app.ok(finance, SET_PLAN, { id: c.id, plan: [{ label: "预付款", percent: 50, dueAfterDays: 0 }, { label: "尾款", percent: 50, dueAfterDays: 30 }] })).setPaymentPlan;
    const listed = (await app.ok(finance, `query($id: ID!) { contract(id: $id) { invoices { number instalment { index label } } } }`, { id: c.id })).contract.invoices;

    // Assess: one instalment → it; spread over two → null (the instalments show their shares)
    expect(first.instalment).toEqual({ index: 1 });
    expect(spread.instalment).toBeNull();
    expect(retention.instalment).toEqual({ index: 3 });
    expect(replanned.instalments.map((i: any) => i.invoiced.fen)).toEqual([500_000, 500_000]);
    expect(listed.find((i: any) => i.number === first.number).instalment).toEqual({ index: 1, label: "预付款" });
  });
});

describe("invoice numbers", () => {
  it("are one number however typed: full-width digits or spaces do not make a second invoice", async () => {
    // Prepare
    const c = await threePart();
    const digits = String(Date.now()).slice(-9);
    const input = { contractId: c.id, amount: { fen: 100_000 }, issuedOn: "2026-11-23", type: "VAT_SPECIAL" };
    const invoice = (number: string, extra: Record<string, unknown> = {}) => app.ok(finance, INVOICE, { input: { ...input, number, ...extra } }).then((r) => r.recordInvoice);
    const first = await invoice(digits);

    // Act
    const fullWidth = await invoice([...digits].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join(""));
    const spaced = await invoice(`${digits.slice(0, 4)} ${digits.slice(4)}`);
    const otherAmount = await invoice(` ${digits} `, { amount: { fen: 200_000 } });
    const twoLines = await invoice(`${digits}\n1`);

    // Assess
    expect(first).toMatchObject({ __typename: "Invoice", number: digits });
    expect([fullWidth, spaced].map((r) => [r.__typename, r.number])).toEqual([
      ["Invoice", digits],
      ["Invoice", digits],
    ]);
    expect(otherAmount.__typename).toBe("InvoiceNumberTakenError");
    expect(twoLines).toMatchObject({ __typename: "ValidationError", message: "输入有误：发票号只能是一串字符，不能包含换行、制表符或控制字符" });
    expect((await contractOf(app, finance, c.id)).invoiced.fen).toBe(100_000);
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

  it("stays while the plan is fully paid: a move back out of it is refused", async () => {
    // Prepare
    const c = await threePart();
    await pay(app, finance, { contractId: c.id, amount: { fen: 1_000_000 }, receivedOn: "2026-11-23", reference: `BACK-${c.id}` });

    // Act
    const back = (await app.ok(rep, `mutation($input: MoveOpportunityInput!) { moveOpportunity(input: $input) { ${ERR} } }`, {
      input: { id: c.opportunityId, toStage: "CONTRACT_SIGNED", reason: "测试" },
    })).moveOpportunity;

    // Assess: the stage says what the money says
    expect(back).toEqual({ __typename: "ValidationError", message: "输入有误：合同已全部回款，商机保持在“交付回款”", fields: [{ path: ["toStage"], code: "PLAN_PAID" }] });
    expect((await contractOf(app, rep, c.id)).opportunity.stage).toBe("DELIVERED_PAID");
  });
});
