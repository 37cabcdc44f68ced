import { beforeAll, describe, expect, it } from "vitest";
import { takeForecastSnapshots } from "../../functions/core/pipeline";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { approvedContractOn, approvedQuoteOn, contractTeam, CREATE_CONTRACT, GET_CONTRACT, sign, SIGN_CONTRACT, winDeal } from "../support/contracts";
import { advance, GET, LOSE, MOVE, newDeal, upload, yuan } from "../support/pipeline";

/**
 * Won means an approved, signed contract. Times: the contracts are approved on Monday 2026-11-23
 * (Shanghai); deals are expected to close in December.
 */
let app: TestApp;
let admin: User;
let gm: User;
let rep: User;

const FORECAST = `query($p: String!) { forecast(period: $p) { total { closedWon { fen } wonCount openCount weightedPipeline { fen } } } }`;
const FUNNEL = `query($p: String!, $f: FunnelFilter) { funnel(period: $p, filter: $f) { wonCount stages { stage entered enteredAmount { fen } } } }`;
const ACCURACY = `query($p: String!) { forecastAccuracy(period: $p) { total { actual { fen } } } }`;
const MOVE_TYPED = `mutation($input: MoveOpportunityInput!) { moveOpportunity(input: $input) { __typename ... on Error { message } ... on Opportunity { stage } } }`;

beforeAll(async () => {
  app = await testApp();
  ({ gm, rep } = await contractTeam(app));
  admin = await app.user({ roles: ["ADMIN"] });
});

describe("won means an approved, signed contract", () => {
  it("refuses a direct move, a skip or a reopening into 合同签订, even with a signed contract uploaded, pointing at signContract", async () => {
    // Prepare: a deal at QUOTED with a file labelled as a signed contract
    const id = await newDeal(app, rep);
    await advance(app, rep, id, "QUOTED");
    const file = await upload(app, rep, id, "SIGNED_CONTRACT");

    // Act
    const direct = (await app.ok(rep, MOVE_TYPED, { input: { id, toStage: "CONTRACT_SIGNED", evidenceIds: [file.id] } })).moveOpportunity;
    await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 0, pipeline: { allowSkipping: true } }) { __typename } }`);
    await upload(app, rep, id, "PAYMENT_RECEIPT");
    const skip = (await app.ok(rep, MOVE_TYPED, { input: { id, toStage: "DELIVERED_PAID" } })).moveOpportunity;
    await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 1, pipeline: { allowSkipping: false } }) { __typename } }`);
    await app.ok(rep, LOSE, { id, reason: "客户暂停采购" });
    const reopen = (await app.ok(rep, MOVE_TYPED, { input: { id, toStage: "CONTRACT_SIGNED", reason: "客户恢复采购" } })).moveOpportunity;

    // Assess
    for (const refused of [direct, skip, reopen]) {
      expect(refused).toEqual({
        __typename: "UseSignContractError",
        message: "进入“合同签订”须通过签订合同（signContract）：合同审批通过后，登记签订日期并上传签字盖章合同",
      });
    }
    const deal = (await app.ok(rep, GET, { id })).opportunity;
    expect(deal).toMatchObject({ stage: "LOST", wonAt: null });
    expect(deal.stageHistory.map((v: any) => v.stage)).not.toContain("CONTRACT_SIGNED");
  });

  it("counts the signed contract's amount, not the estimate, as closed-won in its signing month, in forecast, accuracy and funnel", async () => {
    // Prepare: A (estimate ¥860,000, contract negotiated to ¥904,000) and B (¥500,000), both approved on Nov 23
    app.clock.set("2026-11-23T02:00:00Z");
    const a = await newDeal(app, rep, { title: "A 蝶阀" });
    await advance(app, rep, a, "QUOTED", { amount: yuan(860_000), expectedCloseOn: "2026-12-20" });
    const b = await newDeal(app, rep, { title: "B 闸阀" });
    await advance(app, rep, b, "QUOTED", { amount: yuan(500_000), expectedCloseOn: "2026-12-20" });
    const contractA = await approvedContractOn(app, rep, a, { amountFen: yuan(904_000).fen });
    const contractB = await approvedContractOn(app, rep, b, { amountFen: yuan(500_000).fen });
    // B is signed on Nov 26, recorded the next day; December's snapshot is taken with A still open.
    app.clock.set("2026-11-27T02:00:00Z");
    expect((await sign(app, rep, contractB.id, b, "2026-11-26")).status).toBe("SIGNED");
    app.clock.set("2026-11-30T16:05:00Z");
    await takeForecastSnapshots(app.deps);

    // Act: A is signed on Dec 2
    app.clock.set("2026-12-02T02:00:00Z");
    const signed = await sign(app, rep, contractA.id, a, "2026-12-02");

    // Assess: the result shows the deal after the move
    expect(signed).toMatchObject({
      __typename: "Contract",
      status: "SIGNED",
      signedOn: "2026-12-02",
      opportunity: { stage: "CONTRACT_SIGNED", wonOn: "2026-12-02", wonAmount: { fen: yuan(904_000).fen }, forecastCategory: "CLOSED" },
    });
    const dealA = (await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { amount { fen } wonAmount { fen } wonContract { number } } }`, { id: a })).opportunity;
    expect(dealA).toEqual({ amount: { fen: yuan(860_000).fen }, wonAmount: { fen: yuan(904_000).fen }, wonContract: { number: contractA.number } });

    const forecast = async (p: string) => (await app.ok(gm, FORECAST, { p })).forecast.total;
    expect(await forecast("2026-12")).toMatchObject({ closedWon: { fen: yuan(904_000).fen }, wonCount: 1 });
    expect(await forecast("2026-11")).toMatchObject({ closedWon: { fen: yuan(500_000).fen }, wonCount: 1 });
    expect((await app.ok(gm, ACCURACY, { p: "2026-12" })).forecastAccuracy.total.actual).toEqual({ fen: yuan(904_000).fen });
    const funnel = async (p: string) => {
      const f = (await app.ok(gm, FUNNEL, { p, f: { ownerId: gid("User", rep.id) } })).funnel;
      return { wonCount: f.wonCount, signed: f.stages.find((s: any) => s.stage === "CONTRACT_SIGNED") };
    };
    expect(await funnel("2026-12")).toEqual({ wonCount: 1, signed: { stage: "CONTRACT_SIGNED", entered: 1, enteredAmount: { fen: yuan(904_000).fen } } });
    expect(await funnel("2026-11")).toEqual({ wonCount: 1, signed: { stage: "CONTRACT_SIGNED", entered: 1, enteredAmount: { fen: yuan(500_000).fen } } });
  });

  it("takes a signing day that is not in the future nor before the approval, and the signed file; a file alone wins nothing", async () => {
    // Prepare: a contract approved on Nov 23; today is Nov 25
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await newDeal(app, rep);
    await advance(app, rep, id, "QUOTED");
    const contract = await approvedContractOn(app, rep, id);
    app.clock.set("2026-11-25T02:00:00Z");
    const signedFile = await upload(app, rep, id, "SIGNED_CONTRACT");
    const otherFile = await upload(app, rep, id, "REQUIREMENT_DOCUMENT");
    const attempt = async (signedOn: string, fileEvidenceId = signedFile.id) =>
      (await app.ok(rep, SIGN_CONTRACT, { input: { id: contract.id, signedOn, fileEvidenceId } })).signContract;

    // Act + Assess
    expect((await attempt("2026-11-26")).fields).toEqual([{ path: ["signedOn"], code: "IN_FUTURE", message: "签订日期不能晚于今天（2026-11-25）" }]);
    expect((await attempt("2026-11-22")).fields).toEqual([{ path: ["signedOn"], code: "BEFORE_APPROVAL", message: "签订日期不能早于合同审批通过日（2026-11-23）" }]);
    expect((await attempt("2026-11-24", otherFile.id)).fields).toEqual([
      { path: ["fileEvidenceId"], code: "NOT_UPLOADED", message: "须为本商机已上传的签字盖章合同" },
    ]);
    expect((await app.ok(rep, GET_CONTRACT, { id: contract.id })).contract.status).toBe("APPROVED");
    expect((await app.ok(rep, GET, { id })).opportunity).toMatchObject({ stage: "QUOTED", wonAt: null });

    expect(await attempt("2026-11-23")).toMatchObject({ status: "SIGNED", opportunity: { stage: "CONTRACT_SIGNED", wonOn: "2026-11-23" } });
  });

  it("does not sign a contract that is not approved", async () => {
    const id = await newDeal(app, rep);
    await advance(app, rep, id, "QUOTED");
    const quote = await approvedQuoteOn(app, rep, id);
    const draft = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id } })).createContract;
    const res = await sign(app, rep, draft.id, id);
    expect(res).toEqual({ __typename: "ContractNotApprovedError", message: "合同审批通过后才能登记签订" });
    expect((await app.ok(rep, GET, { id })).opportunity.stage).toBe("QUOTED");
  });

  it("does not sign a second contract on a deal already won by another", async () => {
    const id = await newDeal(app, rep);
    await advance(app, rep, id, "QUOTED");
    const first = await approvedContractOn(app, rep, id);
    const second = await approvedContractOn(app, rep, id);
    expect((await sign(app, rep, first.id, id)).status).toBe("SIGNED");

    const res = await sign(app, rep, second.id, id);

    expect(res).toEqual({ __typename: "DealAlreadyWonError", message: `该商机已凭合同 ${first.number} 签订成交，不能再签订另一份合同` });
    expect((await app.ok(rep, GET_CONTRACT, { id: second.id })).contract.status).toBe("APPROVED");
  });

  it("does not revive a lost deal with a contract until the deal is reopened with a reason", async () => {
    // Prepare: an approved contract, and a second approved quote, on a deal then lost
    const id = await newDeal(app, rep);
    await advance(app, rep, id, "QUOTED");
    const contract = await approvedContractOn(app, rep, id);
    const another = await approvedQuoteOn(app, rep, id);
    await app.ok(rep, LOSE, { id, reason: "客户选择了进口品牌" });

    // Act
    const created = (await app.ok(rep, `mutation($input: CreateContractInput!) { createContract(input: $input) { __typename ... on Error { message } } }`, {
      input: { quoteId: another.id },
    })).createContract;
    const signed = await sign(app, rep, contract.id, id);

    // Assess
    expect(created).toEqual({ __typename: "OpportunityLostError", message: "商机已输单，请先重新打开并说明原因" });
    expect(signed).toEqual({ __typename: "OpportunityLostError", message: "商机已输单，请先重新打开并说明原因" });
    expect((await app.ok(rep, GET, { id })).opportunity).toMatchObject({ stage: "LOST", wonAt: null });
    expect((await app.ok(rep, GET_CONTRACT, { id: contract.id })).contract.status).toBe("APPROVED");

    const reopened = (await app.ok(rep, MOVE, { input: { id, toStage: "QUOTED", reason: "客户重新评估后回到我方" } })).moveOpportunity;
    expect(reopened.stage).toBe("QUOTED");
    expect(await sign(app, rep, contract.id, id)).toMatchObject({ status: "SIGNED", opportunity: { stage: "CONTRACT_SIGNED" } });
  });

  it("finishes the move when a signing is retried after the deal's write failed", async () => {
    // Prepare: an approved contract, and a fault injected into the deal's next write
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await newDeal(app, rep);
    await advance(app, rep, id, "QUOTED");
    const contract = await approvedContractOn(app, rep, id);
    const file = await upload(app, rep, id, "SIGNED_CONTRACT");
    const save = app.deps.store.opportunities.save;
    app.deps.store.opportunities.save = async () => {
      throw new Error("injected: DynamoDB unavailable");
    };
    const input = { id: contract.id, signedOn: "2026-11-23", fileEvidenceId: file.id };
    let failed;
    try {
      failed = await app.gql(rep, SIGN_CONTRACT, { input });
    } finally {
      app.deps.store.opportunities.save = save;
    }
    expect(failed, JSON.stringify(failed)).toMatchObject({ errors: [{ message: expect.any(String) }] });
    expect((await app.ok(rep, GET, { id })).opportunity.stage).toBe("QUOTED");

    // Act: the client retries
    const retried = (await app.ok(rep, SIGN_CONTRACT, { input })).signContract;

    // Assess
    expect(retried).toMatchObject({ status: "SIGNED", opportunity: { stage: "CONTRACT_SIGNED", wonOn: "2026-11-23" } });
    const deal = (await app.ok(rep, GET, { id })).opportunity;
    expect(deal.stageHistory.map((v: any) => v.stage)).toEqual(["LEAD", "FIRST_CONTACT", "NEEDS_CONFIRMED", "QUOTED", "CONTRACT_SIGNED"]);
  });
});

// A helper the pipeline tests rely on: it wins through quote → contract → approvals → signing.
describe("winDeal", () => {
  it("wins a deal through an approved quote and a signed contract at the deal's amount", async () => {
    const id = await newDeal(app, rep);
    await advance(app, rep, id, "QUOTED", { amount: yuan(320_000) });
    const won = await winDeal(app, rep, id);
    expect(won).toMatchObject({ stage: "CONTRACT_SIGNED", forecastCategory: "CLOSED" });
    const deal = (await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { wonAmount { fen } wonContract { status } } }`, { id })).opportunity;
    expect(deal).toEqual({ wonAmount: { fen: yuan(320_000).fen }, wonContract: { status: "SIGNED" } });
  });
});
