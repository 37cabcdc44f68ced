import { inject } from "vitest";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { newActivity } from "../../functions/core/activity";
import { runScheduledJobs } from "../../functions/core/scheduled";
import { localId } from "../../schema/ids";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, GET_QUOTE, priceBookKeeper, quoteFor, SUBMIT, type SentEmail, waitUntil } from "../support/approvals";
import { newDeal, yuan } from "../support/pipeline";

let app: TestApp;
let gm: User;
let manager: User;
let rep: User;
let finance: User[];

/** 20% discount, 12.5% margin: regional manager, then finance, then the GM. */
const THREE_LEVELS = { list: 100_000, unit: 80_000, cost: 70_000 };
const FINANCE_COUNT = 150;

const MY = `{ myApprovals { id levelLabel summary { reference } } }`;
const DECIDE = `mutation($id: ID!, $d: ApprovalDecision!, $c: String) { decideApproval(id: $id, decision: $d, comment: $c) {
  __typename ... on Error { message } ... on ApprovalRequest { status steps { key status decidedBy { name } } } } }`;
const status = async (id: string) => (await app.ok(rep, GET_QUOTE, { id })).quote;

const allEmails = async () => ((await (await fetch(`${inject("sesEndpoint")}/store`)).json()) as { emails: SentEmail[] }).emails;
const mineFor = async (who: User, number: string) => (await app.ok(who, MY)).myApprovals.filter((a: any) => a.summary.reference.startsWith(number));

beforeAll(async () => {
  app = await testApp();
  let first: User;
  ({ gm, manager, rep, finance: first } = await approvalTeam(app));
  finance = [first];
  for (let i = 1; i < FINANCE_COUNT; i++) finance.push(await app.user({ name: `财务${i}`, roles: ["FINANCE"], managerId: gm.id }));
}, 120_000);

describe("an approver role with 150 members", () => {
  it("records a finance-level decision, and the other 149 no longer see it in their approvals", async () => {
    // Prepare: the manager approves, so the quote waits on all 150 finance users
    const { id, number } = await quoteFor(app, rep, THREE_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    await waitUntil(async () => (await mineFor(manager, number)).length === 1);
    const [toManager] = await mineFor(manager, number);
    expect((await app.ok(manager, DECIDE, { id: toManager.id, d: "APPROVE" })).decideApproval.__typename).toBe("ApprovalRequest");
    const addresses = new Set(finance.map((f) => f.email));
    await waitUntil(async () => (await allEmails()).filter((e) => e.subject.includes(number) && addresses.has(e.destination.to[0])).length === FINANCE_COUNT, 90_000);

    // Act: one of them approves through the API
    const [task] = await mineFor(finance[77], number);
    const decided = (await app.ok(finance[77], DECIDE, { id: task.id, d: "APPROVE", c: "同意" })).decideApproval;

    // Assess: recorded once, the quote moves on to the GM, and nobody else in finance still has it
    expect(decided.__typename).toBe("ApprovalRequest");
    expect(decided.steps.find((s: any) => s.key === "L01A00")).toMatchObject({ status: "APPROVED", decidedBy: { name: finance[77].name } });
    await waitUntil(async () => (await mineFor(gm, number)).length === 1, 30_000);
    for (const f of finance) expect(await mineFor(f, number)).toEqual([]);
    expect((await status(id)).status).toBe("PENDING_APPROVAL");
  }, 180_000);

  it("withdraws a request waiting on 150 approvers when the rep edits the quote", async () => {
    // Prepare
    const { id, number } = await quoteFor(app, rep, THREE_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    await waitUntil(async () => (await mineFor(manager, number)).length === 1);
    const [toManager] = await mineFor(manager, number);
    await app.ok(manager, DECIDE, { id: toManager.id, d: "APPROVE" });
    const addresses = new Set(finance.map((f) => f.email));
    await waitUntil(async () => (await allEmails()).filter((e) => e.subject.includes(number) && addresses.has(e.destination.to[0])).length === FINANCE_COUNT, 90_000);

    // Act: the rep edits the submitted quote, which withdraws the running approval
    const q = await status(id);
    const edited = await app.ok(rep, `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { __typename ... on Error { message } ... on Quote { revision status } } }`, {
      input: { id, expectedVersion: q.version, riskNote: "客户改为90天账期" },
    });

    // Assess
    expect(edited.updateQuote).toMatchObject({ __typename: "Quote", revision: 2, status: "DRAFT" });
    const after = await status(id);
    expect(after.approvals[0].status).toBe("WITHDRAWN");
    for (const f of finance.slice(0, 10)) expect(await mineFor(f, number)).toEqual([]);
  }, 180_000);
});

describe("inbox cleanup interrupted", () => {
  it("is finished by the scheduled job: a decided step leaves no inbox entry behind", async () => {
    // Prepare: the finance level is open for all 150; a decision is recorded and the process stops
    // before clearing the others' inboxes (the store's decision alone, as a crash would leave it)
    const { id, number } = await quoteFor(app, rep, THREE_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    await waitUntil(async () => (await mineFor(manager, number)).length === 1);
    await app.ok(manager, DECIDE, { id: (await mineFor(manager, number))[0].id, d: "APPROVE" });
    const addresses = new Set(finance.map((f) => f.email));
    await waitUntil(async () => (await allEmails()).filter((e) => e.subject.includes(number) && addresses.has(e.destination.to[0])).length === FINANCE_COUNT, 90_000);
    const requestId = (await app.deps.store.approvals.forSubject("QUOTE", localId(id, "Quote")!))[0].id;
    const step = (await app.deps.store.approvals.load(requestId))!.steps.find((s) => s.key === "L01A00")!;
    const at = app.clock.now();
    await app.deps.store.approvals.decide(step, "APPROVED", finance[3].id, at.toISOString(), null, newActivity({ orgId: app.orgId, subjectType: "QUOTE", subjectId: step.requestId, kind: "APPROVAL_DECIDED", actorId: finance[3].id }, at));
    const openEntries = async () => (await Promise.all(finance.slice(0, 20).map((f) => app.deps.store.approvals.inbox(app.orgId, f.id)))).flat().filter((a) => a.requestId === requestId);
    expect((await openEntries()).length).toBe(20);
    expect(await mineFor(finance[5], number)).toEqual([]); // the read already skips the decided step

    // Act
    await runScheduledJobs(app.deps);

    // Assess
    expect(await openEntries()).toEqual([]);
  }, 120_000);
});

describe("an unanswered level with 150 approvers", () => {
  it("escalates to the GM and then expires, each a small write, leaving nobody's inbox with it", async () => {
    // Prepare: one level, finance decides within 3 seconds, then it goes to the GM once
    const res = await app.ok(await priceBookKeeper(app), `mutation($levels: [ApprovalLevelInput!]!) { setApprovalPolicy(kind: QUOTE, expectedVersion: 0, levels: $levels) {
      __typename ... on Error { message } } }`, {
      levels: [
        {
          key: "finance",
          labelZh: "财务审批",
          labelEn: "Finance",
          anyOf: [{ field: "discountPercent", op: "GT", value: 5 }],
          approverKind: "ROLE",
          approverRole: "FINANCE",
          slaHours: 3 / 3600,
          escalateToKind: "ROLE",
          escalateToRole: "GM",
          escalations: 1,
        },
      ],
    });
    expect(res.setApprovalPolicy.__typename).toBe("Organization");
    const { id, number } = await quoteFor(app, rep, THREE_LEVELS);

    // Act: nobody answers
    await app.ok(rep, SUBMIT, { id });

    // Assess: the GM was asked, the request expired, and no finance user still sees it
    await waitUntil(async () => (await status(id)).status === "EXPIRED", 60_000);
    const steps = (await status(id)).approvals[0].steps;
    expect(steps.map((s: any) => s.status)).toEqual(["ESCALATED", "EXPIRED"]);
    expect(steps[0].escalatedTo.map((u: any) => u.name)).toEqual([gm.name]);
    expect((await allEmails()).some((e) => e.subject.includes(number) && e.destination.to.includes(gm.email))).toBe(true);
    for (const f of [...finance.slice(0, 5), gm]) expect(await mineFor(f, number)).toEqual([]);
  }, 120_000);
});

describe("quote and contract numbers", () => {
  it("numbers quotes created at the same moment one after another, without gaps or repeats", async () => {
    // Prepare
    const opportunityId = await newDeal(app, rep);
    const { id: firstId } = await quoteFor(app, rep, { list: 1000, unit: 1000, cost: 500 });
    const CREATE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { __typename ... on Error { message } ... on Quote { number } } }`;
    const existing = await app.ok(rep, `query($id: ID!) { quote(id: $id) { number lines { priceBookProduct { id } } } }`, { id: firstId });
    const lineProduct = existing.quote.lines[0].priceBookProduct.id;

    // Act: six reps' worth of creates at once
    const created = await Promise.all(
      Array.from({ length: 6 }, () =>
        app.ok(rep, CREATE, { input: { opportunityId, lines: [{ productId: lineProduct, quantity: 1, unitPriceFen: yuan(1000).fen }], validUntil: "2026-12-31" } }),
      ),
    );

    // Assess
    const numbers = created.map((c) => c.createQuote.number as string).sort();
    const serial = (n: string) => Number(n.slice(-5));
    const last = serial(existing.quote.number);
    expect(numbers.map(serial)).toEqual([1, 2, 3, 4, 5, 6].map((i) => last + i));
  });

  it("takes no number for a create that fails: the next quote gets the number that one would have had", async () => {
    // Prepare
    const { id: firstId } = await quoteFor(app, rep, { list: 1000, unit: 1000, cost: 500 });
    const first = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { number } }`, { id: firstId })).quote.number as string;

    // Act: a creation that fails after being given its number (its write is refused), then a real one
    await expect(
      app.deps.store.quotes.numbered(app.orgId, `QUOTE-${first.slice(2, 6)}`, async () => {
        throw new Error("the quote's write was refused");
      }),
    ).rejects.toThrow("refused");
    const { id: nextId } = await quoteFor(app, rep, { list: 1000, unit: 1000, cost: 500 });

    // Assess
    const next = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { number } }`, { id: nextId })).quote.number as string;
    expect(Number(next.slice(-5))).toBe(Number(first.slice(-5)) + 1);
  });
});
