import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, GET_QUOTE, linkIn, openLink, QUOTE_FIELDS, quoteFor, SUBMIT, waitUntil } from "../support/approvals";
import { advance, GET, upload } from "../support/pipeline";

let app: TestApp;
let gm: User;
let manager: User;
let rep: User;
let finance: User;
let legal: User;

const MY = `{ myApprovals { id levelLabel deadline subjectType summary { reference customerName total { fen } discountPercent marginPercent } } }`;
const DECIDE = `mutation($id: ID!, $d: ApprovalDecision!, $c: String) { decideApproval(id: $id, decision: $d, comment: $c) {
  __typename ... on Error { message } ... on AlreadyDecidedError { decidedBy } ... on ApprovalRequest { status steps { status } } } }`;
const CONTRACT = `id number status amount { fen formatted } buyerName sellerName paymentPlan { label percent dueAfterDays } approvals { status steps { status decidedBy { name } } }`;

/** Decides every open approval of `who` through the API, as a client of myApprovals would. */
async function decideAll(who: User, decision: "APPROVE" | "REJECT") {
  const mine = (await app.ok(who, MY)).myApprovals;
  for (const a of mine) await app.ok(who, DECIDE, { id: a.id, d: decision, c: "同意" });
  return mine;
}

beforeAll(async () => {
  app = await testApp();
  ({ gm, manager, rep, finance } = await approvalTeam(app));
  legal = await app.user({ name: "徐静", roles: ["LEGAL"] });
  const admin = await app.user({ roles: ["ADMIN"] });
  await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 0, name: "宁波捷锐流体控制有限公司" }) { __typename } }`);
});

describe("quotes, the approval API and contracts", () => {
  it("computes totals, discount and margin on the server, and shows cost and margin only to managers, finance and the GM", async () => {
    const { id } = await quoteFor(app, rep, { list: 100_000, unit: 88_000, cost: 66_000 });
    const asRep = (await app.ok(rep, GET_QUOTE, { id })).quote;
    expect(asRep).toMatchObject({ marginPercent: null, costTotal: null });
    const asManager = (await app.ok(manager, `query($id: ID!) { quote(id: $id) { listTotal { fen } netTotal { fen } vat { fen } total { fen formatted } discountPercent marginPercent costTotal { fen } lines { cost { fen } } } }`, { id })).quote;
    expect(asManager).toEqual({
      listTotal: { fen: 10_000_000 },
      netTotal: { fen: 8_800_000 },
      vat: { fen: 1_144_000 },
      total: { fen: 9_944_000, formatted: "¥99,440.00" },
      discountPercent: 12,
      marginPercent: 25,
      costTotal: { fen: 6_600_000 },
      lines: [{ cost: { fen: 6_600_000 } }],
    });
  });

  it("refuses a quote without lines or validity, and keeps a rep's hidden costs when they edit lines", async () => {
    const { id } = await quoteFor(app, rep, { list: 1_000, unit: 1_000, cost: 700 });
    const q = (await app.ok(rep, GET_QUOTE, { id })).quote;
    const UPDATE = `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { ${QUOTE_FIELDS} } }`;
    const lineId = (await app.ok(manager, `query($id: ID!) { quote(id: $id) { lines { id } } }`, { id })).quote.lines[0].id;
    const edited = (await app.ok(rep, UPDATE, {
      input: { id, expectedVersion: q.version, lines: [{ id: lineId, product: "高性能蝶阀", quantity: 2, unit: "台", listPriceFen: 100_000, unitPriceFen: 100_000 }] },
    })).updateQuote;
    expect(edited.__typename).toBe("Quote");
    expect((await app.ok(manager, `query($id: ID!) { quote(id: $id) { lines { quantity cost { fen } } marginPercent } }`, { id })).quote).toEqual({
      lines: [{ quantity: 2, cost: { fen: 70_000 } }],
      marginPercent: 30,
    });
    const bad = (await app.ok(rep, UPDATE, { input: { id, expectedVersion: edited.version, lines: [], validUntil: null, vatRatePercent: 7 } })).updateQuote;
    expect(bad.fields.map((f: any) => f.code)).toEqual(["NOT_ALLOWED"]);
    await app.ok(rep, UPDATE, { input: { id, expectedVersion: edited.version, lines: [], validUntil: null } });
    const refused = (await app.ok(rep, SUBMIT, { id })).submitQuote;
    expect(refused.fields.map((f: any) => f.path[0]).sort()).toEqual(["lines", "validUntil"]);
  });

  it("lists approvals waiting on someone and lets them decide in the API", async () => {
    const { id, number } = await quoteFor(app, rep, { list: 100_000, unit: 90_000, cost: 50_000 }); // manager only
    await app.ok(rep, SUBMIT, { id });
    await emailAbout(manager.email, number);
    const mine = (await app.ok(manager, MY)).myApprovals;
    const task = mine.find((a: any) => a.summary.reference.startsWith(number));
    expect(task).toMatchObject({ levelLabel: "区域经理审批", subjectType: "QUOTE", summary: { discountPercent: 10, marginPercent: 44.44 } });
    expect((await app.ok(rep, DECIDE, { id: task.id, d: "APPROVE" })).decideApproval.__typename).toBe("NotFoundError");
    const decided = (await app.ok(manager, DECIDE, { id: task.id, d: "APPROVE", c: "同意" })).decideApproval;
    expect(decided.__typename).toBe("ApprovalRequest");
    expect((await app.ok(manager, DECIDE, { id: task.id, d: "REJECT" })).decideApproval).toMatchObject({ __typename: "AlreadyDecidedError", decidedBy: "王海涛" });
    await waitUntil(async () => (await app.ok(rep, GET_QUOTE, { id })).quote.status === "APPROVED");
    expect((await app.ok(manager, MY)).myApprovals.find((a: any) => a.summary.reference.startsWith(number))).toBeUndefined();
  });

  it("makes a contract from an approved quote, approves it through legal, finance and the GM, and signing wins the deal", async () => {
    // Prepare: an approved quote of ¥1,130,000 incl. VAT on a deal at QUOTED
    const { id: quoteId, number } = await quoteFor(app, rep, { list: 1_000_000, unit: 1_000_000, cost: 600_000 });
    const opportunityId = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { opportunity { id } } }`, { id: quoteId })).quote.opportunity.id;
    await advance(app, rep, opportunityId, "QUOTED");
    const submitted = (await app.ok(rep, SUBMIT, { id: quoteId })).submitQuote;
    await emailAbout(gm.email, number);
    await decideAll(gm, "APPROVE");
    await waitUntil(async () => (await app.ok(rep, GET_QUOTE, { id: quoteId })).quote.status === "APPROVED");
    expect(submitted.status).toBe("PENDING_APPROVAL");

    // Act
    const draftBytes = Buffer.from(`%PDF-1.7 购销合同草稿 ${Date.now()}`);
    const draft = await upload(app, rep, opportunityId, "CONTRACT_DRAFT", draftBytes);
    const created = (
      await app.ok(rep, `mutation($q: ID!, $d: String) { createContract(input: { quoteId: $q, draftFileEvidenceId: $d }) { __typename ... on Contract { ${CONTRACT} } } }`, {
        q: quoteId,
        d: draft.id,
      })
    ).createContract;
    expect(created).toMatchObject({
      status: "DRAFT",
      amount: { fen: 113_000_000, formatted: "¥1,130,000.00" },
      sellerName: "宁波捷锐流体控制有限公司",
      paymentPlan: [
        { label: "预付款", percent: 30, dueAfterDays: 0 },
        // The default 到货款 counts from delivery (30 days), 质保金 from acceptance (a year).
        { label: "到货款", percent: 60, dueAfterDays: 30 },
        { label: "质保金", percent: 10, dueAfterDays: 365 },
      ],
    });
    const SUBMIT_CONTRACT = `mutation($id: ID!) { submitContract(id: $id) { __typename ... on Contract { status } } }`;
    expect((await app.ok(rep, SUBMIT_CONTRACT, { id: created.id })).submitContract.status).toBe("PENDING_APPROVAL");
    for (const who of [legal, finance, gm]) {
      const email = await emailAbout(who.email, created.number);
      if (who === legal) {
        // Legal reviews a document: the draft is one click away from the email, through the approval link.
        const documentUrl = new RegExp(`${linkIn(email)}/document`).exec(email.body.text)?.[0];
        expect(email.body.text).toContain("合同草稿（contract_draft.pdf）");
        const download = await fetch(documentUrl!);
        expect(download.status).toBe(200);
        expect(Buffer.from(await download.arrayBuffer())).toEqual(draftBytes);
        expect((await openLink(linkIn(email))).html).toContain(`${linkIn(email).split("/").pop()}/document`);
      }
      expect((await decideAll(who, "APPROVE")).length).toBeGreaterThanOrEqual(1);
    }
    const GET_CONTRACT = `query($id: ID!) { contract(id: $id) { ${CONTRACT} } }`;
    await waitUntil(async () => (await app.ok(rep, GET_CONTRACT, { id: created.id })).contract.status === "APPROVED");
    const approved = (await app.ok(rep, GET_CONTRACT, { id: created.id })).contract;
    expect(approved.approvals[0].steps.map((s: any) => s.decidedBy.name)).toEqual(["徐静", "林芳", "周总"]);

    const SIGN = `mutation($input: SignContractInput!) { signContract(input: $input) { __typename ... on Error { message } ... on Contract { status opportunity { stage } } } }`;
    const file = await upload(app, rep, opportunityId, "SIGNED_CONTRACT");
    const signed = (await app.ok(rep, SIGN, { input: { id: created.id, signedOn: "2026-11-23", fileEvidenceId: file.id } })).signContract;

    // Assess
    expect(signed).toEqual({ __typename: "Contract", status: "SIGNED", opportunity: { stage: "CONTRACT_SIGNED" } });
    const deal = (await app.ok(rep, GET, { id: opportunityId })).opportunity;
    expect(deal).toMatchObject({ stage: "CONTRACT_SIGNED", forecastCategory: "CLOSED" });
    expect(deal.stageHistory.at(-1).evidenceIds).toEqual([file.id]);
  });

  it("refuses a contract from a quote that is not approved", async () => {
    const { id } = await quoteFor(app, rep, { list: 1_000, unit: 1_000, cost: 100 });
    const res = await app.ok(rep, `mutation($q: ID!) { createContract(input: { quoteId: $q }) { __typename } }`, { q: id });
    expect(res.createContract.__typename).toBe("QuoteNotApprovedError");
  });
});
