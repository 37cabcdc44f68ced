import { createHash } from "node:crypto";
import type { User } from "../../functions/core/user";
import type { TestApp } from "./app";
import { approvedQuoteOn, winDeal } from "./contracts";
import { CREATE_CUSTOMER, customerInput } from "./fixtures";

export const OPPORTUNITY_FIELDS = `id title stage stageLabel probability forecastCategory version daysInStage stalled lostReason wonAt
  amount { fen currency formatted } expectedCloseOn owner { name }
  stageHistory { stage enteredAt exitedAt dwellDays reason evidenceIds movedBy { name } }`;

export const RESULT = `__typename ... on Error { message } ... on ValidationError { fields { path code message } }
  ... on Opportunity { ${OPPORTUNITY_FIELDS} }`;

export const CREATE = `mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { ${RESULT} } }`;
export const UPDATE = `mutation($input: UpdateOpportunityInput!) { updateOpportunity(input: $input) { ${RESULT} ... on VersionConflictError { currentVersion } } }`;
export const MOVE = `mutation($input: MoveOpportunityInput!) { moveOpportunity(input: $input) { ${RESULT}
  ... on StageCriteriaNotMetError { unmet { stage kind field evidenceKind message } }
  ... on StageSkipNotAllowedError { from to } } }`;
export const LOSE = `mutation($id: ID!, $reason: String!) { markOpportunityLost(id: $id, reason: $reason) { ${RESULT} } }`;
export const ATTACH = `mutation($input: AttachEvidenceInput!) { attachEvidence(input: $input) {
  __typename ... on ValidationError { fields { path code } } ... on Error { message }
  ... on EvidenceUpload { url method headers { name value } expiresAt evidence { id status kind size sha256 } } } }`;
export const GET = `query($id: ID!) { opportunity(id: $id) { ${OPPORTUNITY_FIELDS}
  evidence { id kind fileName size sha256 status contentType downloadUrl uploadedBy { name } }
  timeline { edges { node { kind summary } } } } }`;

export const yuan = (n: number) => ({ fen: Math.round(n * 100) });

/** A customer held by the rep and a lead on it. */
export async function newDeal(app: TestApp, rep: User, fields: Record<string, unknown> = {}): Promise<string> {
  const customer = await app.ok(rep, CREATE_CUSTOMER, { input: customerInput() });
  const res = await app.ok(rep, CREATE, { input: { customerId: customer.createCustomer.id, title: "DN300 蝶阀更换", ...fields } });
  if (res.createOpportunity.__typename !== "Opportunity") throw new Error(JSON.stringify(res.createOpportunity));
  return res.createOpportunity.id;
}

/** Registers a file and uploads it to the URL the API hands out, as a client would. */
export async function upload(
  app: TestApp,
  user: User,
  opportunityId: string,
  kind: string,
  bytes: Buffer = Buffer.from(`%PDF-1.7 ${kind} ${Math.random()}`),
  contentType = "application/pdf",
): Promise<{ id: string; response: Response }> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const res = await app.ok(user, ATTACH, {
    input: { opportunityId, kind, fileName: `${kind.toLowerCase()}.pdf`, contentType, size: bytes.length, sha256 },
  });
  if (res.attachEvidence.__typename !== "EvidenceUpload") throw new Error(JSON.stringify(res.attachEvidence));
  const { url, headers, evidence } = res.attachEvidence;
  const response = await fetch(url, { method: "PUT", headers: Object.fromEntries(headers.map((h: any) => [h.name, h.value])), body: new Uint8Array(bytes) });
  return { id: evidence.id, response };
}

const QUALIFY = {
  amount: yuan(860_000),
  expectedCloseOn: "2026-12-20",
  budget: yuan(900_000),
  decisionMaker: "俞国平(设备部部长)",
  useCase: "常减压装置检修更换DN300高性能蝶阀",
  productLines: ["高性能蝶阀"],
};

const EVIDENCE_FOR: Record<string, string> = {
  NEEDS_CONFIRMED: "REQUIREMENT_DOCUMENT",
  DELIVERED_PAID: "PAYMENT_RECEIPT",
};
const ORDER = ["LEAD", "FIRST_CONTACT", "NEEDS_CONFIRMED", "QUOTED", "CONTRACT_SIGNED", "DELIVERED_PAID"];

/**
 * Fills what the default criteria ask for, uploads the evidence and moves stage by stage to `to`:
 * QUOTED with an approved quote, CONTRACT_SIGNED by signing an approved contract (winDeal), at the
 * deal's amount unless `contractAmountFen` says otherwise.
 */
export async function advance(app: TestApp, user: User, id: string, to: string, fields: Record<string, unknown> = {}, opts: { contractAmountFen?: number; signedOn?: string } = {}) {
  const current = (await app.ok(user, GET, { id })).opportunity;
  await app.ok(user, UPDATE, { input: { id, expectedVersion: current.version, ...QUALIFY, ...fields } });
  let stage = current.stage;
  while (ORDER.indexOf(stage) < ORDER.indexOf(to)) {
    const next = ORDER[ORDER.indexOf(stage) + 1];
    if (next === "QUOTED") await approvedQuoteOn(app, user, id);
    if (next === "CONTRACT_SIGNED") {
      await winDeal(app, user, id, { amountFen: opts.contractAmountFen, signedOn: opts.signedOn });
      stage = next;
      continue;
    }
    if (EVIDENCE_FOR[next]) await upload(app, user, id, EVIDENCE_FOR[next]);
    const moved = await app.ok(user, MOVE, { input: { id, toStage: next } });
    if (moved.moveOpportunity.__typename !== "Opportunity") throw new Error(JSON.stringify(moved.moveOpportunity));
    stage = next;
  }
  return (await app.ok(user, GET, { id })).opportunity;
}
