import { localDay, addDays } from "../../functions/core/local-day";
import type { User } from "../../functions/core/user";
import type { TestApp } from "./app";
import { approvalTeam } from "./approvals";
import { GET, upload } from "./pipeline";

export const CONTRACT_FIELDS = `id number status revision version amount { fen formatted } buyerName sellerName signedOn approvedAt quoteRevision
  paymentPlan { label percent amount { fen } dueAfterDays } draftFile { id fileName } approvals { status revision steps { status decidedBy { name } } }`;
export const CONTRACT_RESULT = `__typename ... on Error { message } ... on ValidationError { fields { path code message } }
  ... on Contract { ${CONTRACT_FIELDS} }`;
const STATUS_ERROR = `... on ContractStatusError { status }`;

export const CREATE_CONTRACT = `mutation($input: CreateContractInput!) { createContract(input: $input) { ${CONTRACT_RESULT}
  ... on OpenContractExistsError { number status contract { id } } } }`;
export const UPDATE_CONTRACT = `mutation($input: UpdateContractInput!) { updateContract(input: $input) { ${CONTRACT_RESULT} ${STATUS_ERROR} } }`;
export const SUBMIT_CONTRACT = `mutation($id: ID!) { submitContract(id: $id) { ${CONTRACT_RESULT} ${STATUS_ERROR} } }`;
export const WITHDRAW_CONTRACT = `mutation($id: ID!, $reason: String) { withdrawContract(id: $id, reason: $reason) { ${CONTRACT_RESULT} ${STATUS_ERROR} } }`;
export const SIGN_CONTRACT = `mutation($input: SignContractInput!) { signContract(input: $input) { ${CONTRACT_RESULT}
  ... on Contract { opportunity { stage wonAt wonOn wonAmount { fen } forecastCategory } } } }`;
export const GET_CONTRACT = `query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`;
const QUOTE_STATUS = `query($id: ID!) { quote(id: $id) { status number } }`;

const MY = `{ myApprovals { id summary { reference } } }`;
const DECIDE = `mutation($id: ID!, $d: ApprovalDecision!, $c: String) { decideApproval(id: $id, decision: $d, comment: $c) { __typename } }`;

const approvers = new WeakMap<TestApp, Promise<User[]>>();

/**
 * The org's people who can be asked to approve; a GM, FINANCE, LEGAL and an ADMIN are added when the
 * test has none (the ADMIN decides what a submitting GM may not approve themselves).
 */
export function approversOf(app: TestApp): Promise<User[]> {
  let p = approvers.get(app);
  if (!p) {
    p = (async () => {
      const users = (await app.deps.store.users.listByOrg(app.orgId)).filter((u) => u.active);
      for (const role of ["GM", "FINANCE", "LEGAL", "ADMIN"] as const) {
        if (!users.some((u) => u.roles.includes(role))) users.push(await app.user({ name: `${role}审批人`, roles: [role] }));
      }
      return users;
    })();
    approvers.set(app, p);
  }
  return p;
}

/** Everyone in the org (managers who joined later too), approving what waits on them for `reference`. */
async function decideFor(app: TestApp, reference: string, decision: "APPROVE" | "REJECT") {
  const known = await approversOf(app);
  const everyone = (await app.deps.store.users.listByOrg(app.orgId)).filter((u) => u.active);
  const people = [...new Map([...known, ...everyone].map((u) => [u.id, u])).values()];
  let decided = 0;
  for (const who of people) {
    for (const a of (await app.ok(who, MY)).myApprovals) {
      if (!a.summary.reference.startsWith(reference)) continue;
      const res = await app.ok(who, DECIDE, { id: a.id, d: decision, c: decision === "APPROVE" ? "同意" : "不同意" });
      if (res.decideApproval.__typename === "ApprovalRequest") decided++;
    }
  }
  return decided;
}

/**
 * Decides, through the API as each approver would, every level that comes up for `reference` until
 * `status()` leaves PENDING_APPROVAL: robust to whichever levels the policies apply.
 */
export async function decideUntilDone(app: TestApp, reference: string, status: () => Promise<string>, decision: "APPROVE" | "REJECT" = "APPROVE", timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await status();
    if (now !== "PENDING_APPROVAL") return now;
    if (Date.now() > deadline) throw new Error(`${reference} still pending after ${timeoutMs} ms`);
    if (!(await decideFor(app, reference, decision))) await new Promise((r) => setTimeout(r, 50));
  }
}

const today = (app: TestApp) => localDay(app.clock.now(), "Asia/Shanghai");

/** An approved quote on the deal: one list-price line without a cost (approvers decide what comes up). */
export async function approvedQuoteOn(app: TestApp, rep: User, opportunityId: string, opts: { netYuan?: number; netFen?: number } = {}): Promise<{ id: string; number: string }> {
  await approversOf(app); // before submitting: a level whose approvers are missing would wait for nobody
  const net = opts.netFen ?? Math.round((opts.netYuan ?? 100_000) * 100);
  const res = await app.ok(rep, `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { __typename ... on Error { message } ... on Quote { id number } } }`, {
    input: {
      opportunityId,
      lines: [{ product: "高性能蝶阀", spec: "DN300 PN16", quantity: 1, unit: "台", listPriceFen: net, unitPriceFen: net }],
      paymentTerms: "30%预付，60%到货，10%质保金",
      deliveryTerms: "合同生效后30天内送达买方指定工地",
      validUntil: addDays(today(app), 30),
    },
  });
  if (res.createQuote.__typename !== "Quote") throw new Error(JSON.stringify(res.createQuote));
  const { id, number } = res.createQuote;
  const submitted = await app.ok(rep, `mutation($id: ID!) { submitQuote(id: $id) { __typename ... on Error { message } ... on Quote { status } } }`, { id });
  if (submitted.submitQuote.__typename !== "Quote") throw new Error(JSON.stringify(submitted.submitQuote));
  const status = await decideUntilDone(app, number, async () => (await app.ok(rep, QUOTE_STATUS, { id })).quote.status);
  if (status !== "APPROVED") throw new Error(`quote ${number} ended ${status}`);
  return { id, number };
}

/** The largest net amount whose total with 13% VAT (half up) does not pass `totalFen`: a contract may exceed its quote, not undercut it. */
function netForTotal(totalFen: number): number {
  let net = Math.floor((totalFen * 100) / 113);
  while (net + Math.round(net * 0.13) > totalFen) net--;
  return net;
}

/** A contract on an approved quote, submitted and approved by whoever the contract policy asks. */
export async function approvedContractOn(app: TestApp, rep: User, opportunityId: string, opts: { amountFen?: number; quoteId?: string } = {}) {
  await approversOf(app);
  const quoteId = opts.quoteId ?? (await approvedQuoteOn(app, rep, opportunityId, opts.amountFen ? { netFen: netForTotal(opts.amountFen) } : {})).id;
  const draft = await upload(app, rep, opportunityId, "CONTRACT_DRAFT");
  const created = (await app.ok(rep, CREATE_CONTRACT, { input: { quoteId, draftFileEvidenceId: draft.id, ...(opts.amountFen ? { amount: { fen: opts.amountFen } } : {}) } })).createContract;
  if (created.__typename !== "Contract") throw new Error(JSON.stringify(created));
  const submitted = (await app.ok(rep, SUBMIT_CONTRACT, { id: created.id })).submitContract;
  if (submitted.__typename !== "Contract") throw new Error(JSON.stringify(submitted));
  const status = await decideUntilDone(app, created.number, async () => (await app.ok(rep, GET_CONTRACT, { id: created.id })).contract.status);
  if (status !== "APPROVED") throw new Error(`contract ${created.number} ended ${status}`);
  return (await app.ok(rep, GET_CONTRACT, { id: created.id })).contract;
}

/** Signs the contract with an uploaded signed file; returns signContract's result. */
export async function sign(app: TestApp, rep: User, contractId: string, opportunityId: string, signedOn = today(app)) {
  const file = await upload(app, rep, opportunityId, "SIGNED_CONTRACT");
  return (await app.ok(rep, SIGN_CONTRACT, { input: { id: contractId, signedOn, fileEvidenceId: file.id } })).signContract;
}

/**
 * Wins the deal the only way there is: an approved quote, a contract approved by the contract
 * policy's approvers, signed. The contract amount is the deal's amount (incl. VAT) unless given.
 * A deal that already has a signed contract (moved back since) is won again with it.
 */
export async function winDeal(app: TestApp, rep: User, opportunityId: string, opts: { amountFen?: number; signedOn?: string } = {}) {
  const deal = (await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { amount { fen } contracts { id status } } }`, { id: opportunityId })).opportunity;
  const signed = deal.contracts.find((c: any) => c.status === "SIGNED");
  const contractId = signed?.id ?? (await approvedContractOn(app, rep, opportunityId, { amountFen: opts.amountFen ?? deal.amount?.fen })).id;
  const res = await sign(app, rep, contractId, opportunityId, opts.signedOn);
  if (res.__typename !== "Contract") throw new Error(JSON.stringify(res));
  return (await app.ok(rep, GET, { id: opportunityId })).opportunity;
}

export const signedContractOn = async (app: TestApp, rep: User, opportunityId: string, opts: { amountFen?: number; signedOn?: string } = {}) => {
  await winDeal(app, rep, opportunityId, opts);
  return (await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { wonContract { ${CONTRACT_FIELDS} } } }`, { id: opportunityId })).opportunity.wonContract;
};

/** The people a contract goes past: the approval team (GM, manager, rep, finance) and legal. */
export async function contractTeam(app: TestApp) {
  const team = await approvalTeam(app);
  return { ...team, legal: await app.user({ name: "徐静", roles: ["LEGAL"] }) };
}
