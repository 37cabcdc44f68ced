import { afterAll, expect, it } from "vitest";
import { WEBHOOK_EVENT_TYPES } from "../../functions/core/webhook";
import { dispatchLocally } from "../../functions/core/webhook/local";
import { testApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { LOSE, advance, newDeal } from "../support/pipeline";
import { localDay } from "../../functions/core/local-day";
import { sentQuote } from "../support/sent-quote";
import { startReceiver } from "./receiver";

const ALL = WEBHOOK_EVENT_TYPES.map((t) => t.replace(".", "_").toUpperCase());

it("tells a partner of the pool, the pipeline, quotes and contracts as they change, without costs or margins", async () => {
  // Prepare
  const app = await testApp();
  await app.serve();
  app.deps.config.webhookTargets = "LOCAL";
  const dispatcher = dispatchLocally(app.deps, 3_600_000);
  afterAll(() => dispatcher.stop());
  const admin = await app.user({ roles: ["ADMIN"] });
  const rep = await app.user({ roles: ["REP"] });
  const other = await app.user({ roles: ["REP"] });
  const receiver = await startReceiver();
  const created = (await app.ok(admin, `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename ... on WebhookWithSecret { secret } } }`, {
    input: { url: receiver.url, events: ALL },
  })).createWebhook;
  expect(created.secret).toMatch(/^whsec_/);

  // Act: the pool
  const customerId = (await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() })).createCustomer.id;
  await app.ok(rep, `mutation($id: ID!) { releaseCustomer(id: $id, reason: "暂无需求") { __typename } }`, { id: customerId });
  await app.ok(other, `mutation($id: ID!) { claimCustomer(id: $id) { __typename } }`, { id: customerId });
  // the pipeline, a quote approved, a contract signed; another deal lost
  const won = await newDeal(app, rep);
  await advance(app, rep, won, "CONTRACT_SIGNED");
  // money received on the won deal's contract; a quote sent to a customer
  const contract = (await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { contracts { id status amount { fen } } } }`, { id: won })).opportunity.contracts.find((c: { status: string }) => c.status === "SIGNED");
  const finance = await app.user({ roles: ["FINANCE"] });
  const paid = await app.ok(finance, `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { __typename ... on Error { message } } }`, {
    input: { contractId: contract.id, amount: { fen: 100_00 }, receivedOn: localDay(app.clock.now(), "Asia/Shanghai"), reference: "BANK-2026-0001" },
  });
  expect(paid.recordPayment.__typename).not.toMatch(/Error$/);
  await sentQuote(app, rep);
  const lost = await newDeal(app, rep);
  await app.ok(rep, LOSE, { id: lost, reason: "价格没有优势" });
  await dispatcher.kick();
  await dispatcher.idle();

  // Assess
  const events = receiver.received.map((r) => JSON.parse(r.body));
  const types = new Set(events.map((e) => e.type));
  for (const t of ["customer.created", "customer.released", "customer.owner_changed", "opportunity.stage_changed", "opportunity.won", "opportunity.lost", "quote.submitted", "quote.approved", "quote.sent", "contract.signed", "payment.recorded"]) {
    expect(types, t).toContain(t);
  }
  expect(events.find((e) => e.type === "customer.owner_changed").data).toMatchObject({ ownerId: other.id, change: { toOwnerId: other.id } });
  expect(events.find((e) => e.type === "opportunity.lost").data).toMatchObject({ stage: "LOST" });
  // Reasons typed for colleagues (why a deal was lost, why a customer was released) stay inside.
  for (const e of events) expect(JSON.stringify(e)).not.toMatch(/价格没有优势|暂无需求/);
  // Money has one shape in every event, as in the API: { fen, currency }.
  const payment = events.find((e) => e.type === "payment.recorded").data;
  expect(payment).toMatchObject({ reference: "BANK-2026-0001", amount: { fen: 100_00, currency: "CNY" }, contractId: expect.any(String) });
  expect(payment).not.toHaveProperty("amountFen");
  const quote = events.find((e) => e.type === "quote.approved").data;
  expect(quote).toMatchObject({ status: "APPROVED", total: { fen: expect.any(Number) } });
  // Margins and costs stay inside.
  for (const e of events) expect(JSON.stringify(e)).not.toMatch(/cost|margin|floor/i);
  // Every event once: ids are unique.
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
}, 120_000);
