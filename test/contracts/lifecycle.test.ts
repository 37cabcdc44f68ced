import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import {
  approvedContractOn,
  approvedQuoteOn,
  CREATE_CONTRACT,
  decideUntilDone,
  GET_CONTRACT,
  sign,
  SUBMIT_CONTRACT,
  UPDATE_CONTRACT,
  WITHDRAW_CONTRACT,
  contractTeam,
} from "../support/contracts";
import { advance, newDeal, upload, yuan } from "../support/pipeline";

/** A contract's life: one per quote, revised, withdrawn and resubmitted, approved on what was approved. */
let app: TestApp;
let rep: User;

const LEVELS = `query($id: ID!) { contract(id: $id) { approvals { revision status levels { key } } } }`;

/** A deal at QUOTED with an approved quote (list price ¥100,000 before VAT: ¥113,000 incl. VAT). */
async function quotedDeal(netYuan = 100_000) {
  const opportunityId = await newDeal(app, rep);
  await advance(app, rep, opportunityId, "QUOTED");
  const quote = await approvedQuoteOn(app, rep, opportunityId, { netYuan });
  const draft = await upload(app, rep, opportunityId, "CONTRACT_DRAFT");
  return { opportunityId, quote, draftId: draft.id };
}

const contractStatus = (id: string) => async () => (await app.ok(rep, GET_CONTRACT, { id })).contract.status;

beforeAll(async () => {
  app = await testApp();
  ({ rep } = await contractTeam(app));
});

describe("a contract lifecycle that holds", () => {
  it("refuses a second contract on a quote that has a live one, naming it, instead of handing back the old draft", async () => {
    const { quote } = await quotedDeal();
    const first = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, buyerName: "甲方一" } })).createContract;

    const second = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, buyerName: "甲方二" } })).createContract;

    expect(second).toEqual({
      __typename: "OpenContractExistsError",
      message: `该报价已有合同 ${first.number}（草稿），请修改或撤回该合同，而不是新建`,
      number: first.number,
      contract: { id: first.id },
      status: "DRAFT",
    });
    expect((await app.ok(rep, GET_CONTRACT, { id: first.id })).contract.buyerName).toBe("甲方一");
  });

  it("says why a pending, approved or signed contract cannot be submitted again", async () => {
    const { opportunityId, quote, draftId } = await quotedDeal();
    const c = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, draftFileEvidenceId: draftId } })).createContract;
    expect((await app.ok(rep, SUBMIT_CONTRACT, { id: c.id })).submitContract.status).toBe("PENDING_APPROVAL");

    const pending = (await app.ok(rep, SUBMIT_CONTRACT, { id: c.id })).submitContract;
    await decideUntilDone(app, c.number, contractStatus(c.id));
    const approved = (await app.ok(rep, SUBMIT_CONTRACT, { id: c.id })).submitContract;
    await sign(app, rep, c.id, opportunityId);
    const signed = (await app.ok(rep, SUBMIT_CONTRACT, { id: c.id })).submitContract;

    expect(pending).toEqual({ __typename: "ContractStatusError", status: "PENDING_APPROVAL", message: "合同当前状态为“审批中”，不能提交审批" });
    expect(approved).toMatchObject({ __typename: "ContractStatusError", status: "APPROVED", message: "合同当前状态为“已批准”，不能提交审批" });
    expect(signed).toMatchObject({ __typename: "ContractStatusError", status: "SIGNED", message: "合同当前状态为“已签订”，不能提交审批" });
    expect((await app.ok(rep, LEVELS, { id: c.id })).contract.approvals).toHaveLength(1);
  });

  it("is withdrawn, revised and resubmitted after withdrawal and after rejection, each submission a new revision", async () => {
    // Prepare: a draft, edited once as a draft (still revision 1), then submitted
    const { opportunityId, quote, draftId } = await quotedDeal();
    const c = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, draftFileEvidenceId: draftId } })).createContract;
    const edited = (await app.ok(rep, UPDATE_CONTRACT, { input: { id: c.id, expectedVersion: c.version, buyerName: "宁波石化设备采购中心" } })).updateContract;
    expect(edited).toMatchObject({ status: "DRAFT", revision: 1, buyerName: "宁波石化设备采购中心" });
    const submitted = (await app.ok(rep, SUBMIT_CONTRACT, { id: c.id })).submitContract;
    expect((await app.ok(rep, UPDATE_CONTRACT, { input: { id: c.id, expectedVersion: submitted.version, buyerName: "x" } })).updateContract).toMatchObject({
      __typename: "ContractStatusError",
      message: "合同当前状态为“审批中”，不能修改",
    });

    // Act: withdraw, resubmit (revision 2), be rejected, revise the plan (revision 3), resubmit, approved
    const withdrawn = (await app.ok(rep, WITHDRAW_CONTRACT, { id: c.id, reason: "客户要求调整付款条件" })).withdrawContract;
    const resubmitted = (await app.ok(rep, SUBMIT_CONTRACT, { id: c.id })).submitContract;
    const rejected = await decideUntilDone(app, c.number, contractStatus(c.id), "REJECT");
    const current = (await app.ok(rep, GET_CONTRACT, { id: c.id })).contract;
    const plan = [
      { label: "预付款", percent: 20, dueAfterDays: 0 },
      { label: "到货款", percent: 70, dueAfterDays: 30 },
      { label: "质保金", percent: 10, dueAfterDays: 365 },
    ];
    const revised = (await app.ok(rep, UPDATE_CONTRACT, { input: { id: c.id, expectedVersion: current.version, paymentPlan: plan } })).updateContract;
    const third = (await app.ok(rep, SUBMIT_CONTRACT, { id: c.id })).submitContract;
    const approved = await decideUntilDone(app, c.number, contractStatus(c.id));

    // Assess
    expect(withdrawn).toMatchObject({ status: "WITHDRAWN", revision: 1 });
    expect(resubmitted).toMatchObject({ status: "PENDING_APPROVAL", revision: 2 });
    expect(rejected).toBe("REJECTED");
    expect(revised).toMatchObject({ status: "DRAFT", revision: 3, paymentPlan: plan.map((p) => ({ ...p, amount: null })) });
    expect(third).toMatchObject({ status: "PENDING_APPROVAL", revision: 3 });
    expect(approved).toBe("APPROVED");
    const history = (await app.ok(rep, LEVELS, { id: c.id })).contract.approvals.map((a: any) => [a.revision, a.status]);
    expect(history).toEqual([
      [1, "WITHDRAWN"],
      [2, "REJECTED"],
      [3, "APPROVED"],
    ]);
    expect(await sign(app, rep, c.id, opportunityId)).toMatchObject({ status: "SIGNED", opportunity: { stage: "CONTRACT_SIGNED" } });
  });

  it("validates payment plans field by field and writes nothing when one is wrong", async () => {
    // Prepare: an approved quote of ¥113,000 incl. VAT
    const { opportunityId, quote } = await quotedDeal();
    const create = async (paymentPlan: unknown[], extra: Record<string, unknown> = {}) =>
      (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, paymentPlan, ...extra } })).createContract;
    const codes = (res: any) => res.fields.map((f: any) => `${f.path.join(".")}:${f.code}`);

    // Act + Assess
    expect(codes(await create([]))).toEqual(["paymentPlan:EMPTY"]);
    const notHundred = await create([
      { label: "预付款", percent: 30, dueAfterDays: 0 },
      { label: "到货款", percent: 60, dueAfterDays: 60 },
    ]);
    expect(notHundred.fields).toEqual([{ path: ["paymentPlan"], code: "NOT_100", message: "各期比例之和须为100%（现为90%）" }]);
    expect(
      codes(
        await create([
          { label: "预付款", percent: 100, dueAfterDays: -1 },
          { label: "", percent: 0, dueAfterDays: 3651 },
        ]),
      ),
    ).toEqual(["paymentPlan.0.dueAfterDays:OUT_OF_RANGE", "paymentPlan.1.label:REQUIRED", "paymentPlan.1.dueAfterDays:OUT_OF_RANGE", "paymentPlan.1.percent:OUT_OF_RANGE"]);
    expect(codes(await create([{ label: "全款", percent: 100, amount: { fen: 11_300_000 }, dueAfterDays: 0 }]))).toEqual(["paymentPlan.0:PERCENT_OR_AMOUNT"]);
    expect(codes(await create([{ label: "全款", dueAfterDays: 0 }]))).toEqual(["paymentPlan.0:PERCENT_OR_AMOUNT"]);
    expect(
      codes(
        await create([
          { label: "预付款", percent: 30, dueAfterDays: 0 },
          { label: "尾款", amount: { fen: 7_910_000 }, dueAfterDays: 60 },
        ]),
      ),
    ).toEqual(["paymentPlan:MIXED"]);
    const short = await create([
      { label: "预付款", amount: { fen: 3_390_000 }, dueAfterDays: 0 },
      { label: "尾款", amount: { fen: 7_909_999 }, dueAfterDays: 60 },
    ]);
    expect(short.fields).toEqual([
      { path: ["paymentPlan"], code: "NOT_CONTRACT_AMOUNT", message: "各期金额之和（¥112,999.99）须等于合同金额（¥113,000.00）" },
    ]);
    const thirteen = Array.from({ length: 13 }, (_, i) => ({ label: `第${i + 1}期`, percent: i < 12 ? 8 : 4, dueAfterDays: i * 30 }));
    expect(codes(await create(thirteen))).toEqual(["paymentPlan:TOO_MANY"]);
    expect((await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { contracts { id } } }`, { id: opportunityId })).opportunity.contracts).toEqual([]);

    // An amount plan adds up to the contract amount to the fen, and follows it when the amount changes.
    const exact = await create([
      { label: "预付款", amount: { fen: 3_390_000 }, dueAfterDays: 0 },
      { label: "尾款", amount: { fen: 7_910_000 }, dueAfterDays: 60 },
    ]);
    expect(exact).toMatchObject({ __typename: "Contract", amount: { fen: 11_300_000 }, paymentPlan: [{ percent: null, amount: { fen: 3_390_000 } }, { amount: { fen: 7_910_000 } }] });
    const raised = (await app.ok(rep, UPDATE_CONTRACT, { input: { id: exact.id, expectedVersion: exact.version, amount: { fen: 11_500_000 } } })).updateContract;
    expect(codes(raised)).toEqual(["paymentPlan:NOT_CONTRACT_AMOUNT"]);
  });

  it("is withdrawn as a draft or once approved (not signed), which frees its quote to be edited again", async () => {
    // Prepare: one contract left as a draft, another approved and waiting for signatures
    const editQuote = async (quoteId: string) => {
      const q = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { version } }`, { id: quoteId })).quote;
      return (await app.ok(rep, `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { __typename ... on Quote { revision status } } }`, {
        input: { id: quoteId, expectedVersion: q.version, notes: "交货期改为6周" },
      })).updateQuote;
    };
    const first = await quotedDeal();
    const draft = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: first.quote.id, draftFileEvidenceId: first.draftId } })).createContract;
    const second = await quotedDeal();
    const approved = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: second.quote.id, draftFileEvidenceId: second.draftId } })).createContract;
    await app.ok(rep, SUBMIT_CONTRACT, { id: approved.id });
    expect(await decideUntilDone(app, approved.number, contractStatus(approved.id))).toBe("APPROVED");
    expect((await editQuote(second.quote.id)).__typename).toBe("OpenContractExistsError");

    // Act
    const draftOut = (await app.ok(rep, WITHDRAW_CONTRACT, { id: draft.id, reason: "客户改为分批采购" })).withdrawContract;
    const approvedOut = (await app.ok(rep, WITHDRAW_CONTRACT, { id: approved.id, reason: "客户取消项目" })).withdrawContract;

    // Assess: both withdrawn, and their quotes can be revised
    expect([draftOut.status, approvedOut.status]).toEqual(["WITHDRAWN", "WITHDRAWN"]);
    expect(await editQuote(first.quote.id)).toMatchObject({ __typename: "Quote", revision: 2, status: "DRAFT" });
    expect(await editQuote(second.quote.id)).toMatchObject({ __typename: "Quote", revision: 2, status: "DRAFT" });
  });

  it("is approved on the approved quote revision at the contract's own amount; the quote cannot be edited down under it", async () => {
    // Prepare: a quote approved at ¥800,000 before VAT (¥904,000 incl.), a contract from it; then an edit of the quote is tried
    const { quote, draftId } = await quotedDeal(800_000);
    const contract = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, draftFileEvidenceId: draftId } })).createContract;
    expect(contract).toMatchObject({ amount: { fen: 90_400_000 }, quoteRevision: 1 });
    const q = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { version } }`, { id: quote.id })).quote;
    const edited = await app.ok(rep, `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { __typename ... on Error { message } ... on Quote { revision status total { fen } } } }`, {
      input: { id: quote.id, expectedVersion: q.version, lines: [{ product: "高性能蝶阀", quantity: 1, unit: "台", listPriceFen: 1_000_000, unitPriceFen: 1_000_000 }] },
    });
    // The contract stands on revision 1: editing the quote would leave it on a superseded revision
    expect(edited.updateQuote.__typename).toBe("OpenContractExistsError");
    expect(edited.updateQuote.message).toContain(contract.number);

    // Act
    const submitted = (await app.ok(rep, SUBMIT_CONTRACT, { id: contract.id })).submitContract;

    // Assess: the GM level (above ¥500,000) still applies, on the contract's ¥904,000
    expect(submitted.status).toBe("PENDING_APPROVAL");
    const [request] = (await app.ok(rep, LEVELS, { id: contract.id })).contract.approvals;
    expect(request.levels.map((l: any) => l.key)).toEqual(["legal", "finance", "general-manager"]);
    await decideUntilDone(app, contract.number, contractStatus(contract.id));
    const steps = (await app.ok(rep, GET_CONTRACT, { id: contract.id })).contract.approvals[0].steps.map((s: any) => s.decidedBy.name);
    expect(steps).toEqual(["徐静", "林芳", "周总"]);
  });

  it("refuses an amount below the approved quote (a price cut goes through the quote's approvals), and asks for the draft legal reviews before submitting", async () => {
    // Prepare: a quote approved at ¥904,000 incl. VAT
    const { opportunityId, quote, draftId } = await quotedDeal(800_000);

    // Act: a contract at ¥450,000 would skip the manager, the GM and the floor price
    const cut = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id, amount: { fen: yuan(450_000).fen } } })).createContract;
    const contract = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId: quote.id } })).createContract;
    const lowered = (await app.ok(rep, UPDATE_CONTRACT, { input: { id: contract.id, expectedVersion: contract.version, amount: { fen: 90_399_999 } } })).updateContract;

    // Assess
    const below = { path: ["amount", "fen"], code: "BELOW_APPROVED_QUOTE", message: "合同金额不能低于已批准报价的含税总额（¥904,000.00）；如需降价，请修改报价并重新审批" };
    expect(cut.fields).toEqual([below]);
    expect(lowered.fields).toEqual([below]);
    const contracts = (await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { contracts { amount { fen } version } } }`, { id: opportunityId })).opportunity.contracts;
    expect(contracts).toEqual([{ amount: { fen: 90_400_000 }, version: 1 }]);

    const refused = (await app.ok(rep, SUBMIT_CONTRACT, { id: contract.id })).submitContract;
    expect(refused.fields).toEqual([{ path: ["draftFileEvidenceId"], code: "REQUIRED", message: "法务审核需要合同草稿，请先上传并关联" }]);
    const withDraft = (await app.ok(rep, UPDATE_CONTRACT, { input: { id: contract.id, expectedVersion: contract.version, draftFileEvidenceId: draftId } })).updateContract;
    expect(withDraft.draftFile).toEqual({ id: draftId, fileName: "contract_draft.pdf" });
    await app.ok(rep, SUBMIT_CONTRACT, { id: contract.id });

    const [request] = (await app.ok(rep, LEVELS, { id: contract.id })).contract.approvals;
    expect(request.levels.map((l: any) => l.key)).toEqual(["legal", "finance", "general-manager"]);
  });
});

describe("approvedContractOn", () => {
  it("gets a contract approved by whoever the policy asks", async () => {
    const opportunityId = await newDeal(app, rep);
    await advance(app, rep, opportunityId, "QUOTED");
    expect(await approvedContractOn(app, rep, opportunityId)).toMatchObject({ status: "APPROVED", revision: 1 });
  });
});
