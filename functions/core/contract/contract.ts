import { ConditionFailedError } from "../../store";
import type { LabeledWrite } from "../../store/transact";
import { type Actor, createActor, type Deps } from "../actor";
import { newActivity } from "../activity";
import type { ApprovalRequest } from "../approval/model";
import { newApprovalRequest, startWorkflow } from "../approval/submit";
import { visibleCustomer } from "../customer/access";
import { DomainError, NotFoundError, VersionConflictError } from "../errors";
import { newId } from "../ids";
import { localDay } from "../local-day";
import { opportunityToChange, visibleOpportunity } from "../pipeline/access";
import { recordContractSigned } from "../pipeline/move";
import { visibleQuote } from "../quote/quote";
import { Checker } from "../validate";
import type { Contract, PaymentInstallment } from "./model";

export class QuoteNotApprovedError extends DomainError {
  constructor() {
    super({ zh: "只能根据已批准的报价创建合同", en: "A contract can only be made from an approved quote" });
    this.name = "QuoteNotApprovedError";
  }
}

export class ContractNotApprovedError extends DomainError {
  constructor() {
    super({ zh: "合同审批通过后才能登记签订", en: "The contract must be approved before it is signed" });
    this.name = "ContractNotApprovedError";
  }
}

/** Seeds: an advance, a delivery payment and a retention, as most industrial-valve contracts have. */
export const DEFAULT_PAYMENT_PLAN: PaymentInstallment[] = [
  { label: "预付款", percent: 30, dueAfterDays: 0 },
  { label: "到货款", percent: 60, dueAfterDays: 60 },
  { label: "质保金", percent: 10, dueAfterDays: 365 },
];

export interface ContractInput {
  buyerName?: string | null;
  sellerName?: string | null;
  signedOn?: string | null;
  paymentPlan?: PaymentInstallment[] | null;
  fileEvidenceId?: string | null;
}

function checkPlan(plan: PaymentInstallment[], c: Checker): PaymentInstallment[] {
  plan.forEach((p, i) => {
    c.text(`paymentPlan.${i}.label`, p.label, { required: true, max: 20 });
    c.int(`paymentPlan.${i}.percent`, p.percent, 1, 100);
    c.int(`paymentPlan.${i}.dueAfterDays`, p.dueAfterDays, 0, 3650);
  });
  if (plan.reduce((s, p) => s + p.percent, 0) !== 100) c.fail("paymentPlan", "NOT_100", { zh: "各期比例之和须为100%", en: "percentages must add up to 100" });
  return plan;
}

/** The signed-contract file must be uploaded evidence of the deal. */
async function checkFile(actor: Actor, opportunityId: string, evidenceId: string | null | undefined, c: Checker) {
  if (!evidenceId) return null;
  const evidence = await actor.deps.store.opportunities.evidence(opportunityId);
  if (!evidence.some((e) => e.id === evidenceId && e.status === "UPLOADED" && e.kind === "SIGNED_CONTRACT")) {
    c.fail("fileEvidenceId", "NOT_UPLOADED", { zh: "须为本商机已上传的签字合同", en: "must be an uploaded signed contract of this opportunity" });
  }
  return evidenceId;
}

export async function visibleContract(actor: Actor, id: string): Promise<Contract | null> {
  const [c] = await actor.deps.store.quotes.getContracts([id]);
  if (!c || c.orgId !== actor.viewer.orgId) return null;
  return (await visibleOpportunity(actor, c.opportunityId)) ? c : null;
}

async function contractToChange(actor: Actor, id: string): Promise<Contract> {
  const c = await visibleContract(actor, id);
  if (!c) throw new NotFoundError("Contract", id);
  await opportunityToChange(actor, c.opportunityId);
  return c;
}

async function save(deps: Deps, prev: Contract | null, next: Contract, activity: Parameters<Deps["store"]["quotes"]["save"]>[1], extra: LabeledWrite[] = []) {
  try {
    await deps.store.quotes.save([deps.store.quotes.contractWrite(next, prev?.version ?? null), ...extra], activity);
    return next;
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    const [current] = await deps.store.quotes.getContracts([next.id]);
    throw new VersionConflictError(current, current?.version ?? 0);
  }
}

/** A contract from an approved quote: its amount, the parties, a payment plan draft, the file when there is one. */
export async function createContract(actor: Actor, quoteId: string, input: ContractInput = {}): Promise<Contract> {
  const q = await visibleQuote(actor, quoteId);
  if (!q) throw new NotFoundError("Quote", quoteId);
  await opportunityToChange(actor, q.opportunityId);
  if (q.status !== "APPROVED") throw new QuoteNotApprovedError();
  const existing = (await actor.deps.store.quotes.contractsForOpportunity(q.opportunityId)).find(
    (c) => c.quoteId === q.id && c.quoteRevision === q.revision && !["REJECTED", "EXPIRED", "WITHDRAWN"].includes(c.status),
  );
  if (existing) return existing; // a retried request
  const org = await actor.org();
  const customer = await visibleCustomer(actor, q.customerId);
  const c = new Checker();
  const buyerName = c.text("buyerName", input.buyerName ?? customer?.name, { required: true, max: 100 }) as string;
  const sellerName = c.text("sellerName", input.sellerName ?? org.name, { required: true, max: 100 }) as string;
  const signedOn = c.day("signedOn", input.signedOn) ?? null;
  const paymentPlan = checkPlan(input.paymentPlan ?? DEFAULT_PAYMENT_PLAN, c);
  const fileEvidenceId = await checkFile(actor, q.opportunityId, input.fileEvidenceId, c);
  c.done();
  const now = actor.deps.clock.now();
  const year = localDay(now, org.timeZone).slice(0, 4);
  const n = await actor.deps.store.quotes.nextNumber(org.id, `CONTRACT-${year}`);
  const contract: Contract = {
    id: newId(now),
    orgId: org.id,
    number: `HT${year}-${String(n).padStart(5, "0")}`,
    quoteId: q.id,
    quoteRevision: q.revision,
    opportunityId: q.opportunityId,
    customerId: q.customerId,
    ownerId: q.ownerId,
    buyerName,
    sellerName,
    amount: { fen: q.totals.totalFen, currency: q.currency },
    signedOn,
    paymentPlan,
    fileEvidenceId,
    status: "DRAFT",
    approvalRequestId: null,
    createdAt: now.toISOString(),
    createdBy: actor.viewer.id,
    updatedAt: now.toISOString(),
    version: 1,
  };
  return save(actor.deps, null, contract, newActivity({ orgId: org.id, subjectType: "CONTRACT", subjectId: contract.id, kind: "CREATED", actorId: actor.viewer.id }, now));
}

/** Sends the contract through the contract policy (legal, finance, GM above a threshold). */
export async function submitContract(actor: Actor, id: string): Promise<Contract> {
  const contract = await contractToChange(actor, id);
  if (contract.status !== "DRAFT") return contract;
  const org = await actor.org();
  const [q] = await actor.deps.store.quotes.getMany([contract.quoteId]);
  const opportunity = (await visibleOpportunity(actor, contract.opportunityId))!;
  const totals = q!.totals;
  const request: ApprovalRequest | null = newApprovalRequest(actor, org.approvalPolicies.CONTRACT, {
    type: "CONTRACT",
    id,
    revision: 1,
    opportunityId: contract.opportunityId,
    ownerId: opportunity.ownerId,
    figures: totals,
    summary: {
      reference: contract.number,
      title: opportunity.title,
      customerName: contract.buyerName,
      currency: contract.amount.currency,
      listFen: totals.listFen,
      netFen: totals.netFen,
      totalFen: contract.amount.fen,
      discountPercent: totals.discountPercent,
      marginPercent: totals.marginPercent,
      riskNote: q!.draft.riskNote,
      paymentTerms: contract.paymentPlan.map((p) => `${p.label} ${p.percent}%`).join(" / "),
      submitterName: actor.viewer.name,
    },
  });
  const now = actor.deps.clock.now();
  const next: Contract = { ...contract, status: request ? "PENDING_APPROVAL" : "APPROVED", approvalRequestId: request?.id ?? null, updatedAt: now.toISOString(), version: contract.version + 1 };
  const activity = newActivity({ orgId: org.id, subjectType: "CONTRACT", subjectId: id, kind: "APPROVAL_SUBMITTED", actorId: actor.viewer.id, revision: 1, decision: next.status }, now);
  await save(actor.deps, contract, next, activity, request ? [actor.deps.store.approvals.requestWrite(request, null)] : []);
  if (request) await startWorkflow(actor.deps, request.id);
  return request ? next : signIfReady(actor, next);
}

/** Records the signing (date and file) of an approved contract; the deal moves to CONTRACT_SIGNED. */
export async function signContract(actor: Actor, id: string, input: { signedOn: string; fileEvidenceId: string }): Promise<Contract> {
  const contract = await contractToChange(actor, id);
  if (contract.status === "SIGNED") return contract;
  if (contract.status !== "APPROVED") throw new ContractNotApprovedError();
  const c = new Checker();
  const signedOn = c.day("signedOn", input.signedOn);
  if (!signedOn) c.fail("signedOn", "REQUIRED", { zh: "请填写签订日期", en: "is required" });
  const fileEvidenceId = await checkFile(actor, contract.opportunityId, input.fileEvidenceId, c);
  if (!fileEvidenceId) c.fail("fileEvidenceId", "REQUIRED", { zh: "请上传签字盖章合同", en: "is required" });
  c.done();
  return signIfReady(actor, { ...contract, signedOn: signedOn ?? null, fileEvidenceId });
}

/** An approved contract with its signing date and file is signed, and its deal won. */
async function signIfReady(actor: Actor, contract: Contract): Promise<Contract> {
  if (contract.status !== "APPROVED" || !contract.signedOn || !contract.fileEvidenceId) return contract;
  const [stored] = await actor.deps.store.quotes.getContracts([contract.id]);
  const now = actor.deps.clock.now();
  const next: Contract = { ...contract, status: "SIGNED", updatedAt: now.toISOString(), version: stored!.version + 1 };
  await save(actor.deps, stored!, next, newActivity({ orgId: contract.orgId, subjectType: "CONTRACT", subjectId: contract.id, kind: "CONTRACT_SIGNED", actorId: actor.viewer.id }, now));
  await recordContractSigned(actor, contract.opportunityId, contract.fileEvidenceId);
  return next;
}

/** The contract takes its approval's outcome; approved with date and file already in, it is signed at once. */
export async function applyContractOutcome(deps: Deps, r: ApprovalRequest): Promise<void> {
  if (r.status === "PENDING") return;
  const [contract] = await deps.store.quotes.getContracts([r.subjectId]);
  if (!contract || contract.approvalRequestId !== r.id || contract.status !== "PENDING_APPROVAL") return;
  const now = deps.clock.now();
  const next: Contract = { ...contract, status: r.status, updatedAt: now.toISOString(), version: contract.version + 1 };
  const activity = newActivity({ orgId: contract.orgId, subjectType: "CONTRACT", subjectId: contract.id, kind: "APPROVAL_FINISHED", actorId: null, revision: 1, decision: r.status }, now);
  try {
    await save(deps, contract, next, activity);
  } catch (error) {
    if (error instanceof VersionConflictError) return; // applied by an earlier run of the task
    throw error;
  }
  const [submitter] = await deps.store.users.getMany([r.submittedBy]);
  if (submitter && r.status === "APPROVED") await signIfReady(createActor(submitter, deps), next);
}

export const contractsOf = async (actor: Actor, opportunityId: string) =>
  (await visibleOpportunity(actor, opportunityId)) ? actor.deps.store.quotes.contractsForOpportunity(opportunityId) : [];


