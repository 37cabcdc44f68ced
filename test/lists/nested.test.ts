import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, catalogueProduct, SUBMIT, waitUntil } from "../support/approvals";
import { CREATE_CONTRACT } from "../support/contracts";
import { newDeal, upload, yuan } from "../support/pipeline";
import { countCalls } from "../support/calls";

/**
 * Nested lists cost the same number of DynamoDB calls for a page of 5 and a page of 60: every list
 * under a deal, quote or contract is read for the whole page at once (BatchGetItem through the
 * request's loaders), not once per parent.
 */
let app: TestApp;
let manager: User, rep: User, rep2: User;
const DEALS = 60;

const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { __typename ... on Error { message } ... on Quote { id number } } }`;
const APPROVALS = `approvals { status revision submittedBy { name } steps { key status approvers { name } decidedBy { name } } }`;
const QUOTE_FIELDS = `id number status revisions { revision outcome } ${APPROVALS} owner { name } customer { name } opportunity { title }`;

const NESTED_DEALS = `query($first: Int) { opportunities(first: $first) { edges { node {
  id owner { name } customer { name } evidence { id kind }
  quotes { ${QUOTE_FIELDS} }
  contracts { id number status ${APPROVALS} quote { id number } draftFile { id } }
  wonContract { id } } } } }`;
const NESTED_QUOTES = `query($first: Int) { quotes(first: $first) { edges { node { ${QUOTE_FIELDS} } } } }`;
const NESTED_CONTRACTS = `query($first: Int) { contracts(first: $first) { edges { node {
  id number status owner { name } opportunity { title } quote { ${QUOTE_FIELDS} } ${APPROVALS} draftFile { id } instalments { label } invoices { number } payments { reference } } } } }`;

/** The DynamoDB calls one request makes, by command. */
const callsOf = (query: string, first: number) => countCalls(app, manager, query, { first });

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep } = await approvalTeam(app));
  rep2 = await app.user({ name: "刘洋", managerId: manager.id }); // one person holds at most 50 customers
  const productId = await catalogueProduct(app, { list: 10_000, cost: 5_000 });
  // Deals without a close date list in creation order: every page, of 5 or of 60, holds each kind below.
  for (let i = 0; i < DEALS; i++) {
    app.clock.advance(1000); // ids and creation times in order: a page of 5 holds each kind below
    const owner = i % 2 ? rep2 : rep;
    const opportunityId = await newDeal(app, owner);
    const unit = i % 4 === 0 ? 9_000 : 10_000; // 10% off waits on the manager; list price is approved at once
    const created = (await app.ok(owner, CREATE_QUOTE, { input: { opportunityId, lines: [{ productId, quantity: 1, unitPriceFen: yuan(unit).fen }], validUntil: "2026-12-31" } })).createQuote;
    if (i % 2 === 0) expect((await app.ok(owner, SUBMIT, { id: created.id })).submitQuote.__typename).toBe("Quote");
    if (i % 4 === 2) {
      const draft = await upload(app, owner, opportunityId, "CONTRACT_DRAFT");
      const contract = (await app.ok(owner, CREATE_CONTRACT, { input: { quoteId: created.id, draftFileEvidenceId: draft.id } })).createContract;
      expect(contract.__typename).toBe("Contract");
    }
  }
  // The approval workflows ask the manager in the background: wait until they all have, so nothing else reads meanwhile.
  await waitUntil(async () => (await app.ok(manager, `{ myApprovals { id } }`)).myApprovals.length === DEALS / 4, 60_000);
}, 300_000);

describe("nested lists cost the same for 5 and 60 parents", () => {
  it("opportunities with their quotes, approvals, steps, contracts and evidence", async () => {
    const five = await callsOf(NESTED_DEALS, 5);
    const sixty = await callsOf(NESTED_DEALS, 60);
    // Assess: the page of 60 really holds 60 deals with quotes, approvals and contracts
    const deals = sixty.data.opportunities.edges.map((e: any) => e.node);
    expect(deals).toHaveLength(DEALS);
    expect(deals.filter((d: any) => d.quotes[0].approvals.length && d.quotes[0].approvals[0].steps.length)).toHaveLength(DEALS / 4);
    expect(deals.filter((d: any) => d.contracts.length && d.contracts[0].draftFile && d.evidence.length)).toHaveLength(DEALS / 4);
    expect(deals.every((d: any) => d.quotes.length === 1 && [rep.name, rep2.name].includes(d.owner.name))).toBe(true);
    expect(sixty.calls).toEqual(five.calls);
  });

  it("quotes with their revisions, approvals and steps", async () => {
    const five = await callsOf(NESTED_QUOTES, 5);
    const sixty = await callsOf(NESTED_QUOTES, 60);
    const quotes = sixty.data.quotes.edges.map((e: any) => e.node);
    expect(quotes).toHaveLength(DEALS);
    expect(quotes.filter((q: any) => q.revisions.length === 1)).toHaveLength(DEALS / 2);
    expect(sixty.calls).toEqual(five.calls);
  });

  it("contracts with their quote, approvals and collections", async () => {
    const two = await callsOf(NESTED_CONTRACTS, 2);
    const fifteen = await callsOf(NESTED_CONTRACTS, 15);
    expect(fifteen.data.contracts.edges).toHaveLength(DEALS / 4);
    expect(fifteen.data.contracts.edges.every((e: any) => e.node.quote.status === "APPROVED" && e.node.draftFile)).toBe(true);
    expect(fifteen.calls).toEqual(two.calls);
  });
});
