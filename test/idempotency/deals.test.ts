import { beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { GET_QUOTE, QUOTE_FIELDS, quoteFor } from "../support/approvals";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { CREATE } from "../support/pipeline";
import { collectionsTeam, contractOf, PAY, signedContract } from "../collections/support";

// Payments need a contract signed through the approval workflow: slower than most on two busy cores.
vi.setConfig({ testTimeout: 120_000 });

/** Deals, quotes and payments retried with an idempotency key: one effect per key, a reused key refused. */
let app: TestApp;
let rep: User;
let other: User;
let finance: User;
let clerk: User;

beforeAll(async () => {
  app = await testApp();
  const team = await collectionsTeam(app);
  ({ rep, finance, clerk } = team);
  other = await app.user({ name: "刘洋", managerId: team.manager.id });
});

describe("createOpportunity with an idempotency key", () => {
  const create = (as: User, input: Record<string, unknown>) => app.ok(as, CREATE, { input }).then((r) => r.createOpportunity);
  const dealsOf = async (customerId: string) =>
    (await app.ok(rep, `query($id: ID!) { customer(id: $id) { opportunities(first: 50) { edges { node { id title } } } } }`, { id: customerId })).customer.opportunities.edges.map(
      (e: any) => e.node.title,
    );

  it("opens one deal for retried and racing requests; another title with the key is refused", async () => {
    // Prepare
    const customerId = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
    const input = { customerId, title: "DN500 闸阀改造", idempotencyKey: "deal-1" };

    // Act
    const raced = await Promise.all([create(rep, input), create(rep, input)]);
    const retry = await create(rep, input);
    const reused = await create(rep, { ...input, title: "另一个商机" });
    const colleague = await create(other, { customerId: (await app.ok(other, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id, title: "同键他人", idempotencyKey: "deal-1" });

    // Assess
    expect(raced.map((r) => r.__typename)).toEqual(["Opportunity", "Opportunity"]);
    expect(raced[1].id).toBe(raced[0].id);
    expect(retry.id).toBe(raced[0].id);
    expect(reused.__typename).toBe("IdempotencyKeyReusedError");
    expect(colleague.__typename).toBe("Opportunity");
    expect(await dealsOf(customerId)).toEqual(["DN500 闸阀改造"]);
  });
});

describe("submitQuote with an idempotency key", () => {
  const SUBMIT = `mutation($id: ID!, $key: String) { submitQuote(id: $id, idempotencyKey: $key) { ${QUOTE_FIELDS} } }`;
  const submit = (id: string, key: string) => app.ok(rep, SUBMIT, { id, key }).then((r) => r.submitQuote);

  it("starts one approval for a retried submission, and refuses the key for another quote, which stays a draft", async () => {
    // Prepare
    const quote = await quoteFor(app, rep, { list: 10_000, unit: 9_000, cost: 6_000 });
    const second = await quoteFor(app, rep, { list: 10_000, unit: 9_500, cost: 6_000 });

    // Act
    const [a, b] = await Promise.all([submit(quote.id, "submit-1"), submit(quote.id, "submit-1")]);
    const retry = await submit(quote.id, "submit-1");
    const reused = await submit(second.id, "submit-1");

    // Assess
    expect([a.__typename, b.__typename, retry.__typename]).toEqual(["Quote", "Quote", "Quote"]);
    expect(retry).toMatchObject({ id: quote.id, revision: 1, status: a.status });
    const stored = (await app.ok(rep, GET_QUOTE, { id: quote.id })).quote;
    expect(stored.approvals).toHaveLength(a.approvals.length);
    expect(stored.timeline.edges.filter((e: any) => e.node.kind === "APPROVAL_SUBMITTED")).toHaveLength(1);
    expect(reused.__typename).toBe("IdempotencyKeyReusedError");
    expect((await app.ok(rep, GET_QUOTE, { id: second.id })).quote.status).toBe("DRAFT");
  });
});

describe("recordPayment with an idempotency key", () => {
  const pay = (as: User, input: Record<string, unknown>) => app.ok(as, PAY, { input }).then((r) => r.recordPayment);

  it("books one payment for a retried request; the key with other figures is refused and books nothing", async () => {
    // Prepare
    const c = await signedContract(app, rep, { amountFen: 1_000_000 });
    const input = { contractId: c.id, amount: { fen: 100_000 }, receivedOn: "2026-11-23", reference: `BANK-${c.id}`, idempotencyKey: "pay-1" };

    // Act
    const [first, racing] = await Promise.all([pay(finance, input), pay(finance, input)]);
    const retry = await pay(finance, input);
    const reused = await pay(finance, { ...input, reference: `BANK2-${c.id}`, amount: { fen: 200_000 } });
    // Another finance user's same key is theirs: it books their own payment.
    const clerks = await pay(clerk, { ...input, reference: `CLERK-${c.id}`, amount: { fen: 50_000 } });

    // Assess
    expect([first.__typename, racing.__typename, retry.__typename]).toEqual(["Payment", "Payment", "Payment"]);
    expect(retry).toEqual(first);
    expect(reused.__typename).toBe("IdempotencyKeyReusedError");
    expect(clerks.__typename).toBe("Payment");
    const after = await contractOf(app, finance, c.id);
    expect(after.received.fen).toBe(150_000);
  });
});
