import type { Actor } from "../actor";
import { newActivity } from "../activity";
import { localDay } from "../local-day";
import { visibleOpportunity } from "../pipeline/access";
import { OpportunityLostError } from "../pipeline/errors";
import type { Opportunity } from "../pipeline/model";
import { recordContractSigned } from "../pipeline/move";
import { Checker } from "../validate";
import { checkEvidence, contractToChange, saveContract } from "./access";
import { ContractNotApprovedError, DealAlreadyWonError } from "./errors";
import type { Contract } from "./model";

export interface SignInput {
  signedOn: string;
  fileEvidenceId: string;
}

/**
 * Records the signing of an approved contract: the day (not in the future, not before the approval
 * finished, both in the organization's calendar) and the signed file. The deal then moves to
 * CONTRACT_SIGNED with the contract's amount and signing day. Two writes, made so a retry after a
 * failure between them finishes the move: a signed contract whose deal is not won is moved again.
 */
export async function signContract(actor: Actor, id: string, input: SignInput): Promise<{ contract: Contract; opportunity: Opportunity }> {
  let contract = await contractToChange(actor, id);
  const deal = await visibleOpportunity(actor, contract.opportunityId);
  if (deal?.stage === "LOST") throw new OpportunityLostError();
  if (deal?.wonContractId && deal.wonContractId !== contract.id) {
    const [won] = await actor.deps.store.quotes.getContracts([deal.wonContractId]);
    throw new DealAlreadyWonError(won?.number ?? deal.wonContractId);
  }
  if (contract.status !== "SIGNED") {
    if (contract.status !== "APPROVED") throw new ContractNotApprovedError();
    const org = await actor.org();
    const now = actor.deps.clock.now();
    const today = localDay(now, org.timeZone);
    const approvedOn = localDay(new Date(contract.approvedAt ?? contract.updatedAt), org.timeZone);
    const c = new Checker();
    const signedOn = c.day("signedOn", input.signedOn);
    if (!input.signedOn) c.fail("signedOn", "REQUIRED", { zh: "请填写签订日期", en: "is required" });
    if (signedOn && signedOn > today) c.fail("signedOn", "IN_FUTURE", { zh: `签订日期不能晚于今天（${today}）`, en: `cannot be after today (${today})` });
    if (signedOn && signedOn < approvedOn) {
      c.fail("signedOn", "BEFORE_APPROVAL", { zh: `签订日期不能早于合同审批通过日（${approvedOn}）`, en: `cannot be before the contract was approved (${approvedOn})` });
    }
    const fileEvidenceId = await checkEvidence(actor, contract.opportunityId, "fileEvidenceId", input.fileEvidenceId, "SIGNED_CONTRACT", c);
    if (!input.fileEvidenceId) c.fail("fileEvidenceId", "REQUIRED", { zh: "请上传签字盖章合同", en: "is required" });
    c.done();
    const next: Contract = { ...contract, status: "SIGNED", signedOn: signedOn!, fileEvidenceId, updatedAt: now.toISOString(), version: contract.version + 1 };
    const activity = newActivity({ orgId: contract.orgId, subjectType: "CONTRACT", subjectId: id, kind: "CONTRACT_SIGNED", actorId: actor.viewer.id }, now);
    contract = await saveContract(actor.deps, contract, next, activity);
  }
  const opportunity = await recordContractSigned(
    actor,
    contract.opportunityId,
    { contractId: contract.id, amount: contract.amount, signedOn: contract.signedOn! },
    contract.fileEvidenceId!,
  );
  // This request's loader read the deal before the move: what it shows from here on is the deal after.
  actor.opportunities.clear(opportunity.id).prime(opportunity.id, opportunity);
  return { contract, opportunity };
}
