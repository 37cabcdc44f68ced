import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { QUOTE_FIELDS } from "../support/approvals";
import {
  approvedContractOn,
  approvedQuoteOn,
  CREATE_CONTRACT,
  decideUntilDone,
  GET_CONTRACT,
  sign,
  SUBMIT_CONTRACT,
  contractTeam,
} from "../support/contracts";
import { advance, newDeal, upload } from "../support/pipeline";
import { payInFull } from "../collections/support";

/**
 * Ways around "won = an approved, signed contract" that a tester found from outside: racing
 * requests, a contract cut below its quote, signing a deal that never reached 方案报价, un-winning a
 * won deal. Each was reproduced through the API before it was closed.
 */
let app: TestApp;
let rep: User;

const DEAL = `query($id: ID!) { opportunity(id: $id) { stage wonAmount { fen } wonContract { number } contracts { number status } } }`;
const TYPED = `__typename ... on Error { message } ... on OpenContractExistsError { number } ... on DealAlreadyWonError { number }`;
const SIGN_TYPED = `mutation($input: SignContractInput!) { signContract(input: $input) { __typename ... on Error { message } ... on DealAlreadyWonError { number } ... on Contract { status } } }`;
const LOSE_TYPED = `mutation($id: ID!, $reason: String!) { markOpportunityLost(id: $id, reason: $reason) { __typename ... on Error { message } ... on Opportunity { stage } } }`;
const MOVE_TYPED = `mutation($input: MoveOpportunityInput!) { moveOpportunity(input: $input) { __typename ... on Error { message } ... on Opportunity { stage } } }`;

async function quotedDeal() {
  const id = await newDeal(app, rep);
  await advance(app, rep, id, "QUOTED");
  return id;
}

beforeAll(async () => {
  app = await testApp();
  ({ rep } = await contractTeam(app));
});

describe("racing requests leave one outcome", () => {
  it("makes one contract of six createContract sent at once; the others are told which", async () => {
    // Prepare
    const id = await quotedDeal();
    const quote = await approvedQuoteOn(app, rep, id);

    // Act
    const results = await Promise.all(Array.from({ length: 6 }, () => app.ok(rep, `mutation($input: CreateContractInput!) { createContract(input: $input) { ${TYPED} ... on Contract { number } } }`, { input: { quoteId: quote.id } })));

    // Assess
    const made = results.map((r) => r.createContract).filter((r) => r.__typename === "Contract");
    expect(made).toHaveLength(1);
    for (const r of results.map((r) => r.createContract).filter((r) => r.__typename !== "Contract")) expect(r).toMatchObject({ __typename: "OpenContractExistsError", number: made[0].number });
    expect((await app.ok(rep, DEAL, { id })).opportunity.contracts).toHaveLength(1);
  });

  it("signs one of two approved contracts signed at once on one deal; the other is told the deal was won", async () => {
    // Prepare: two quotes, each with an approved contract
    const id = await quotedDeal();
    const a = await approvedContractOn(app, rep, id);
    const b = await approvedContractOn(app, rep, id);
    const files = await Promise.all([upload(app, rep, id, "SIGNED_CONTRACT"), upload(app, rep, id, "SIGNED_CONTRACT")]);
    const today = "2026-11-23";

    // Act
    const [ra, rb] = await Promise.all(
      [a, b].map((c, i) => app.ok(rep, SIGN_TYPED, { input: { id: c.id, signedOn: today, fileEvidenceId: files[i].id } })),
    );

    // Assess
    const outcomes = [ra.signContract, rb.signContract];
    expect(outcomes.map((o) => o.__typename).sort()).toEqual(["Contract", "DealAlreadyWonError"]);
    const deal = (await app.ok(rep, DEAL, { id })).opportunity;
    const winner = outcomes[0].__typename === "Contract" ? a : b;
    expect(deal).toMatchObject({ stage: "CONTRACT_SIGNED", wonContract: { number: winner.number } });
    expect(deal.contracts.filter((c: any) => c.status === "SIGNED")).toEqual([{ number: winner.number, status: "SIGNED" }]);
  });

  it("leaves either a won deal or a lost one with its contract unsigned when signing and losing race", async () => {
    for (let round = 0; round < 3; round++) {
      // Prepare
      const id = await quotedDeal();
      const contract = await approvedContractOn(app, rep, id);
      const file = await upload(app, rep, id, "SIGNED_CONTRACT");

      // Act
      const [signed, lost] = await Promise.all([
        app.ok(rep, SIGN_TYPED, { input: { id: contract.id, signedOn: "2026-11-23", fileEvidenceId: file.id } }),
        app.ok(rep, LOSE_TYPED, { id, reason: "客户改选他家" }),
      ]);

      // Assess: nothing half-written, and each side told the truth
      const deal = (await app.ok(rep, DEAL, { id })).opportunity;
      const status = (await app.ok(rep, GET_CONTRACT, { id: contract.id })).contract.status;
      if (deal.stage === "LOST") {
        expect(status).toBe("APPROVED");
        expect(signed.signContract.__typename).toBe("OpportunityLostError");
      } else {
        expect(deal).toMatchObject({ stage: "CONTRACT_SIGNED", wonContract: { number: contract.number } });
        expect(status).toBe("SIGNED");
        expect(lost.markOpportunityLost.__typename).toBe("DealWonError");
      }
    }
  });

  it("answers three submitQuote sent at once with the submitted quote, and starts one approval", async () => {
    // Prepare: a 10% discount, so the manager is asked
    const id = await quotedDeal();
    const created = await app.ok(rep, `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { ... on Quote { id } } }`, {
      input: { opportunityId: id, lines: [{ product: "非标蝶阀", quantity: 1, unit: "台", listPriceFen: 1_000_000, unitPriceFen: 900_000 }], validUntil: "2026-12-31" },
    });
    const quoteId = created.createQuote.id;

    // Act
    const results = await Promise.all(Array.from({ length: 3 }, () => app.ok(rep, `mutation($id: ID!) { submitQuote(id: $id) { ${QUOTE_FIELDS} } }`, { id: quoteId })));

    // Assess
    expect(results.map((r) => r.errors ?? r.submitQuote.__typename)).toEqual(["Quote", "Quote", "Quote"]);
    expect(new Set(results.map((r) => r.submitQuote.status))).toEqual(new Set(["PENDING_APPROVAL"]));
    const approvals = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { approvals { revision } } }`, { id: quoteId })).quote.approvals;
    expect(approvals).toEqual([{ revision: 1 }]);
  });
});

describe("a won deal stays won, and is won only from 方案报价", () => {
  it("refuses to sign a contract on a deal that has not reached 方案报价, and to un-win a won deal", async () => {
    // Prepare: a deal still at LEAD with an approved quote and contract (a contract can be drafted early)
    const early = await newDeal(app, rep);
    const contract = await approvedContractOn(app, rep, early);
    const won = await quotedDeal();
    const wonWith = await approvedContractOn(app, rep, won);
    expect((await sign(app, rep, wonWith.id, won)).__typename).toBe("Contract");

    // Act
    const file = await upload(app, rep, early, "SIGNED_CONTRACT");
    const tooEarly = (await app.ok(rep, SIGN_TYPED, { input: { id: contract.id, signedOn: "2026-11-23", fileEvidenceId: file.id } })).signContract;
    const back = (await app.ok(rep, MOVE_TYPED, { input: { id: won, toStage: "NEEDS_CONFIRMED", reason: "客户要改合同" } })).moveOpportunity;
    const lost = (await app.ok(rep, LOSE_TYPED, { id: won, reason: "想把签了的标成丢单" })).markOpportunityLost;

    // Assess
    expect(tooEarly).toEqual({ __typename: "DealNotQuotedError", message: "商机当前处于“线索登记”，须先推进到“方案报价”才能登记合同签订" });
    expect((await app.ok(rep, DEAL, { id: early })).opportunity).toMatchObject({ stage: "LEAD", wonContract: null, contracts: [{ status: "APPROVED" }] });
    for (const refused of [back, lost]) {
      expect(refused).toEqual({ __typename: "DealWonError", message: "该商机已凭签订的合同成交，不能退回或标记输单；合同解除须另行处理" });
    }
    expect((await app.ok(rep, DEAL, { id: won })).opportunity).toMatchObject({ stage: "CONTRACT_SIGNED", wonContract: { number: wonWith.number } });
    // A won deal still moves on to 交付回款, once its payment plan is paid.
    await payInFull(app, wonWith.id);
    expect((await app.ok(rep, DEAL, { id: won })).opportunity.stage).toBe("DELIVERED_PAID");
  });

  it("keeps one live contract per quote: a rejected one is not revived beside its successor, and a stale edit is a typed conflict", async () => {
    // Prepare: a contract rejected by legal, then a new one on the same quote
    const id = await quotedDeal();
    const quote = await approvedQuoteOn(app, rep, id);
    const draft = await upload(app, rep, id, "CONTRACT_DRAFT");
    const first = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, draftFileEvidenceId: draft.id } })).createContract;
    await app.ok(rep, SUBMIT_CONTRACT, { id: first.id });
    await decideUntilDone(app, first.number, async () => (await app.ok(rep, GET_CONTRACT, { id: first.id })).contract.status, "REJECT");
    const second = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, draftFileEvidenceId: draft.id } })).createContract;
    expect(second.__typename).toBe("Contract");

    // Act
    const rejected = (await app.ok(rep, GET_CONTRACT, { id: first.id })).contract;
    const revived = (await app.ok(rep, `mutation($input: UpdateContractInput!) { updateContract(input: $input) { ${TYPED} ... on Contract { status } } }`, {
      input: { id: first.id, expectedVersion: rejected.version, buyerName: "甲方A" },
    })).updateContract;
    const resubmitted = (await app.ok(rep, `mutation($id: ID!) { submitContract(id: $id) { ${TYPED} ... on Contract { status } } }`, { id: first.id })).submitContract;
    const stale = (await app.ok(rep, `mutation($input: UpdateContractInput!) { updateContract(input: $input) { ${TYPED} ... on VersionConflictError { currentVersion } } }`, {
      input: { id: second.id, expectedVersion: second.version + 5, buyerName: "甲方B" },
    })).updateContract;

    // Assess
    expect(revived).toMatchObject({ __typename: "OpenContractExistsError", number: second.number });
    expect(resubmitted).toMatchObject({ __typename: "OpenContractExistsError", number: second.number });
    expect(stale).toMatchObject({ __typename: "VersionConflictError", currentVersion: second.version });
    expect((await app.ok(rep, GET_CONTRACT, { id: first.id })).contract).toMatchObject({ status: "REJECTED", buyerName: rejected.buyerName });
  });
});

describe("prices are approved on the quote", () => {
  it("refuses an extra discount that leaves nothing to sell at, and sends a zero-margin quote to finance", async () => {
    // Prepare
    const id = await quotedDeal();
    const create = (extraDiscountFen: number) =>
      app.ok(rep, `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { __typename ... on ValidationError { fields { path code } } ... on Quote { id } } }`, {
        input: { opportunityId: id, lines: [{ product: "非标蝶阀", quantity: 1, unit: "台", listPriceFen: 268_000, unitPriceFen: 268_000 }], extraDiscountFen, validUntil: "2026-12-31" },
      });

    // Act + Assess
    expect((await create(268_000)).createQuote.fields).toEqual([{ path: ["extraDiscountFen"], code: "TOO_LARGE" }]);
    expect((await create(267_999)).createQuote.__typename).toBe("Quote");
  });
});
