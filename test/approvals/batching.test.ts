import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, linkIn, openLink, quoteFor, SUBMIT, waitUntil } from "../support/approvals";

let app: TestApp;
let manager: User;
let rep: User;

/** 10% discount, 30% margin: the regional manager alone. */
const ONE_LEVEL = { list: 100_000, unit: 90_000, cost: 63_000 };
const MY = `{ myApprovals { id summary { reference marginPercent } request { status steps { key status approvers { name } } } } }`;
const HISTORY = `query($id: ID!) { quote(id: $id) { approvals { status steps { key status decidedBy { name } } } } }`;
const UPDATE = `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { __typename ... on Quote { version } } }`;

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep } = await approvalTeam(app));
});

/** The fewest DynamoDB calls of a few runs of one request (the workflow runs beside the test and reads too). */
async function callsOf(run: () => Promise<unknown>): Promise<number> {
  let fewest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const before = app.db.stats.calls;
    await run();
    fewest = Math.min(fewest, app.db.stats.calls - before);
  }
  return fewest;
}

async function submitted(): Promise<{ id: string; number: string; version: number }> {
  const q = await quoteFor(app, rep, ONE_LEVEL);
  const res = await app.ok(rep, SUBMIT, { id: q.id });
  await emailAbout(manager.email, q.number);
  return { ...q, version: res.submitQuote.version };
}

describe("approval lists read in batches", () => {
  it("reads myApprovals in as many calls for eight open approvals as for one", async () => {
    // Prepare: one approval waiting on the manager
    await submitted();
    const one = await callsOf(async () => expect((await app.ok(manager, MY)).myApprovals).toHaveLength(1));

    // Act: seven more
    for (let i = 0; i < 7; i++) await submitted();
    const eight = await callsOf(async () => expect((await app.ok(manager, MY)).myApprovals).toHaveLength(8));

    // Assess
    expect(eight).toBeLessThanOrEqual(one);
    expect(one).toBeLessThanOrEqual(6);
  });

  it("reads a quote's approval history in as many calls for three submissions as for one", async () => {
    // Prepare: a quote submitted once, and one submitted, edited (withdrawn) and resubmitted twice
    const once = await submitted();
    const thrice = await submitted();
    let version = thrice.version;
    for (let i = 0; i < 2; i++) {
      const edited = await app.ok(rep, UPDATE, { input: { id: thrice.id, expectedVersion: version, notes: `第${i + 2}版` } });
      version = (await app.ok(rep, SUBMIT, { id: thrice.id })).submitQuote.version ?? edited.updateQuote.version;
    }
    await waitUntil(async () => {
      const approvals = (await app.ok(rep, HISTORY, { id: thrice.id })).quote.approvals;
      return approvals.length === 3 && approvals.filter((a: any) => a.status === "WITHDRAWN").length === 2 && approvals[2].steps.length === 1;
    });

    // Act
    const forOne = await callsOf(async () => expect((await app.ok(rep, HISTORY, { id: once.id })).quote.approvals).toHaveLength(1));
    const forThree = await callsOf(async () => expect((await app.ok(rep, HISTORY, { id: thrice.id })).quote.approvals).toHaveLength(3));

    // Assess
    expect(forThree).toBeLessThanOrEqual(forOne);
  });
});

describe("an approval page reads what it shows", () => {
  it("reads as many items to open a link with 60 more colleagues in the directory as without", async () => {
    // Prepare: two approvals waiting on the manager, one opened before and one after the org grows
    const before = await submitted();
    const after = await submitted();
    const linkOf = async (number: string) => linkIn(await emailAbout(manager.email, number));
    const itemsOf = async (run: () => Promise<unknown>) => {
      const start = app.db.stats.itemsRead;
      await run();
      return app.db.stats.itemsRead - start;
    };
    const small = await itemsOf(async () => expect((await openLink(await linkOf(before.number))).status).toBe(200));

    // Act
    for (let i = 0; i < 60; i++) await app.user({ name: `同事${i}`, managerId: manager.id });
    const large = await itemsOf(async () => expect((await openLink(await linkOf(after.number))).status).toBe(200));

    // Assess: no read of the whole directory (it would add 60 items)
    expect(large).toBeLessThanOrEqual(small);
  });
});
