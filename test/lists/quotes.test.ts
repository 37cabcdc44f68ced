import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { approvalTeam, quoteFor, SUBMIT, waitUntil } from "../support/approvals";
import { GET, UPDATE } from "../support/pipeline";

/** `quotes(first, after, filter)`: the quotes a front end lists, as each role may see them. */
let app: TestApp;
let gm: User, manager: User, repA: User, repB: User, otherRep: User, finance: User, legal: User;
/** Quote ids by name, in creation order. */
const q: Record<string, { id: string; number: string; opportunityId: string }> = {};

const QUOTES = `query($first: Int, $after: String, $filter: QuoteFilter) {
  quotes(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id number status owner { name } customer { id } opportunity { id } } }
    pageInfo { hasNextPage endCursor } } }`;
const OPP_OF_QUOTE = `query($id: ID!) { quote(id: $id) { opportunity { id } customer { id } } }`;

const numbers = async (as: User, filter: Record<string, unknown> = {}, first = 50) =>
  (await app.ok(as, QUOTES, { first, filter })).quotes.edges.map((e: any) => e.node.number);
const expected = (...names: string[]) => names.map((n) => q[n].number).reverse(); // newest created first

/** A quote by `owner` at list ¥10,000, cost ¥5,000: unit ¥10,000 is approved at once; ¥9,000 (10% off) waits on the manager. */
async function quote(name: string, owner: User, opts: { unit?: number; submit?: boolean } = {}) {
  const created = await quoteFor(app, owner, { list: 10_000, unit: opts.unit ?? 10_000, cost: 5_000 });
  if (opts.submit) expect((await app.ok(owner, SUBMIT, { id: created.id })).submitQuote.__typename).toBe("Quote");
  const { quote: read } = await app.ok(owner, OPP_OF_QUOTE, { id: created.id });
  q[name] = { ...created, opportunityId: read.opportunity.id };
  app.clock.advance(60_000); // a minute apart: creation order is the list's order
  return q[name];
}

beforeAll(async () => {
  app = await testApp();
  ({ gm, manager, rep: repA, finance } = await approvalTeam(app));
  repB = await app.user({ name: "刘洋", managerId: manager.id });
  const otherManager = await app.user({ name: "李晓燕", roles: ["MANAGER"], managerId: gm.id });
  otherRep = await app.user({ name: "孙倩", managerId: otherManager.id });
  legal = await app.user({ name: "徐静", roles: ["LEGAL"] });
  await quote("a1", repA); // draft
  await quote("a2", repA, { submit: true }); // approved today
  await quote("b1", repB, { unit: 9_000, submit: true }); // waits on the manager
  app.clock.advance(24 * 3600_000);
  await quote("a3", repA, { unit: 9_000, submit: true }); // waits on the manager, submitted the next day
  await quote("c1", otherRep, { submit: true });
  await quote("m1", manager);
}, 120_000);

describe("who sees which quotes", () => {
  it("shows a rep their own quotes only, newest first", async () => {
    expect(await numbers(repA)).toEqual(expected("a1", "a2", "a3"));
    expect(await numbers(repB)).toEqual(expected("b1"));
  });

  it("shows a manager their team's and their own, not another team's", async () => {
    expect(await numbers(manager)).toEqual(expected("a1", "a2", "b1", "a3", "m1"));
  });

  it("shows the GM, finance and legal every quote, as they see each one", async () => {
    const all = expected("a1", "a2", "b1", "a3", "c1", "m1");
    for (const who of [gm, finance, legal]) expect(await numbers(who)).toEqual(all);
  });

  it("moves a deal's quotes to the new owner's list when the deal changes hands", async () => {
    // Prepare: a deal of repB's with a quote
    const moved = await quote("moved", repB);
    const deal = (await app.ok(repB, GET, { id: moved.opportunityId })).opportunity;
    // Act: the manager gives the deal to repA
    const res = await app.ok(manager, UPDATE, { input: { id: moved.opportunityId, expectedVersion: deal.version, ownerId: gid("User", repA.id) } });
    expect(res.updateOpportunity.__typename).toBe("Opportunity");
    // Assess
    expect(await numbers(repA)).toContain(moved.number);
    expect(await numbers(repB)).not.toContain(moved.number);
    expect(await numbers(repA, { ownerId: gid("User", repA.id) })).toContain(moved.number);
  });
});

describe("filters", () => {
  it("narrows by status, owner and customer", async () => {
    expect(await numbers(manager, { status: "PENDING_APPROVAL" })).toEqual(expected("b1", "a3"));
    expect(await numbers(manager, { ownerId: gid("User", repB.id) })).toEqual(expected("b1"));
    expect(await numbers(gm, { ownerId: gid("User", otherRep.id), status: "APPROVED" })).toEqual(expected("c1"));
    const { quote: a2 } = await app.ok(repA, OPP_OF_QUOTE, { id: q.a2.id });
    expect(await numbers(finance, { customerId: a2.customer.id })).toEqual(expected("a2"));
  });

  it("gives an empty list for an owner outside the viewer's view", async () => {
    expect(await numbers(repA, { ownerId: gid("User", repB.id) })).toEqual([]);
    expect(await numbers(manager, { ownerId: gid("User", otherRep.id) })).toEqual([]);
  });

  it("lists the quotes waiting on the viewer's approval", async () => {
    // The workflow asks the manager in the background after each submission.
    await waitUntil(async () => (await numbers(manager, { pendingMyApproval: true })).length === 2);
    expect(await numbers(manager, { pendingMyApproval: true })).toEqual(expected("b1", "a3"));
    expect(await numbers(repA, { pendingMyApproval: true })).toEqual([]);
    expect(await numbers(manager, { pendingMyApproval: true, ownerId: gid("User", repA.id) })).toEqual(expected("a3"));
  });

  it("narrows by the day the current revision was submitted (organization calendar, both ends included)", async () => {
    const day1 = "2026-11-23";
    const day2 = "2026-11-24";
    expect(await numbers(gm, { submittedFrom: day1, submittedTo: day1 })).toEqual(expected("a2", "b1"));
    expect(await numbers(gm, { submittedFrom: day2 })).toEqual(expected("a3", "c1"));
    expect(await numbers(gm, { submittedTo: day2 })).toEqual(expected("a2", "b1", "a3", "c1"));
  });

  it("refuses a range that ends before it starts, and ids that name nobody, in the reader's language", async () => {
    const res = await app.gql(gm, QUOTES, { filter: { submittedFrom: "2026-11-24", submittedTo: "2026-11-23", ownerId: "VXNlcjpub2JvZHk=" } });
    expect(res.data?.quotes ?? null).toBeNull();
    const error = res.errors![0];
    expect(error.extensions?.code).toBe("ValidationError");
    const fields = error.extensions?.fields as { path: string[]; code: string; message: string }[];
    expect(fields.map((f) => [f.path.join("."), f.code])).toEqual([
      ["filter.submittedTo", "BEFORE_START"],
      ["filter.ownerId", "UNKNOWN_USER"],
    ]);
    expect(error.message).toBe("输入有误：提交截止日期不能早于提交起始日期（2026-11-24）；负责人不存在");
    const englishReader = await app.user({ name: "David Lin", roles: ["GM"], locale: "en" });
    const english = await app.gql(englishReader, QUOTES, { filter: { customerId: "Q3VzdG9tZXI6bm9ib2R5" } });
    expect(english.errors?.[0].message).toBe("Invalid input: customer is not a customer of the organization");
  });
});

describe("paging", () => {
  it("pages with after, without repeating or skipping a quote", async () => {
    const all = await numbers(gm);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: any = (await app.ok(gm, QUOTES, { first: 2, after })).quotes;
      seen.push(...page.edges.map((e: any) => e.node.number));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });
});
