import { NotFoundError } from "../errors";
import type { Actor } from "../actor";
import { newActivity } from "../activity";
import { localDay } from "../local-day";
import { OpportunityLostError } from "../pipeline/errors";
import type { Opportunity } from "../pipeline/model";
import { recordContractSigned } from "../pipeline/move";
import { reapplyOnConflict } from "../reapply";
import { Checker } from "../validate";
import { writesAtSigning } from "../collections/ledger";
import { checkEvidence, contractToChange } from "./access";
import { ContractNotApprovedError, DealAlreadyWonError } from "./errors";
import type { Contract } from "./model";
import { openDeliveryHandOver } from "../work-order/hand-over";

export interface SignInput {
  signedOn: string;
  fileEvidenceId: string;
}

/** The day and file of a signing, checked against the contract's approval and the deal's files. */
async function checkSigning(actor: Actor, contract: Contract, input: SignInput) {
  const org = await actor.org();
  const today = localDay(actor.deps.clock.now(), org.timeZone);
  const approvedOn = localDay(new Date(contract.approvedAt ?? contract.updatedAt), org.timeZone);
  const c = new Checker();
  const signedOn = c.day("signedOn", input.signedOn);
  if (!input.signedOn) c.fail("signedOn", "REQUIRED", { zh: "请填写签订日期", en: "is required" });
  if (signedOn && signedOn > today) c.fail("signedOn", "IN_FUTURE", { zh: `签订日期不能晚于今天（${today}）`, en: `cannot be after today (${today})` });
  if (signedOn && signedOn < approvedOn) {
    c.fail("signedOn", "BEFORE_APPROVAL", { zh: `签订日期不能早于合同审批通过日（${approvedOn}）`, en: `cannot be before the contract was approved (${approvedOn})` });
  }
  // The approved plan's fixed due dates must not have passed by the signing: nothing falls due before the contract exists.
  const passed = signedOn && contract.paymentPlan.find((p) => p.dueOn && p.dueOn < signedOn);
  if (passed) {
    c.fail("signedOn", "AFTER_FIXED_DUE_DATE", {
      zh: `签订日期晚于付款计划“${passed.label}”的固定付款日期（${passed.dueOn}），请先修改付款计划`,
      en: `is after the fixed due date of the plan's "${passed.label}" (${passed.dueOn}); change the payment plan first`,
    });
  }
  const fileEvidenceId = await checkEvidence(actor, contract.opportunityId, "fileEvidenceId", input.fileEvidenceId, "SIGNED_CONTRACT", c);
  if (!input.fileEvidenceId) c.fail("fileEvidenceId", "REQUIRED", { zh: "请上传签字盖章合同", en: "is required" });
  c.done();
  return { signedOn: signedOn!, fileEvidenceId: fileEvidenceId! };
}

/**
 * Records the signing of an approved contract: the day (not in the future, not before the approval
 * finished, both in the organization's calendar) and the signed file. One transaction marks the
 * contract signed and moves the deal (at 方案报价) to CONTRACT_SIGNED with the contract's amount and
 * signing day, so two contracts signed at once, or a deal marked lost meanwhile, leave one outcome:
 * the loser re-reads and is told what happened. Signing again what is signed changes nothing.
 */
export async function signContract(actor: Actor, id: string, input: SignInput): Promise<{ contract: Contract; opportunity: Opportunity }> {
  const result = await reapplyOnConflict(async () => {
    const contract = await contractToChange(actor, id);
    const [deal] = await actor.deps.store.opportunities.getMany([contract.opportunityId]);
    if (!deal) throw new NotFoundError("Opportunity", contract.opportunityId);
    if (deal.wonContractId === contract.id) return { contract, opportunity: deal };
    if (deal.wonContractId) {
      const [won] = await actor.deps.store.quotes.getContracts([deal.wonContractId]);
      throw new DealAlreadyWonError(won?.number ?? deal.wonContractId);
    }
    if (deal.stage === "LOST") throw new OpportunityLostError();
    // SIGNED without a won deal is only left by data from before signing was one transaction.
    if (contract.status !== "APPROVED" && contract.status !== "SIGNED") throw new ContractNotApprovedError();
    const signing = contract.status === "SIGNED" ? { signedOn: contract.signedOn!, fileEvidenceId: contract.fileEvidenceId! } : await checkSigning(actor, contract, input);
    const now = actor.deps.clock.now();
    const signed: Contract = { ...contract, status: "SIGNED", ...signing, updatedAt: now.toISOString(), version: contract.version + 1 };
    const store = actor.deps.store.quotes;
    const activity = newActivity({ orgId: contract.orgId, subjectType: "CONTRACT", subjectId: id, kind: "CONTRACT_SIGNED", actorId: actor.viewer.id }, now);
    // A conflict (the deal or the contract changed meanwhile) reads both again and judges anew.
    const opportunity = await recordContractSigned(actor, deal, { contractId: id, amount: contract.amount, signedOn: signing.signedOn }, signing.fileEvidenceId, [
      store.contractWrite(signed, contract.version),
      store.contractActivityWrite(activity),
      // The payment plan becomes instalments, with their reminders, as the contract is signed.
      ...writesAtSigning(actor.deps, await actor.org(), signed),
    ]);
    return { contract: signed, opportunity };
  });
  // This request's loader may have read the deal before the move: what it shows from here on is the deal after.
  actor.opportunities.clear(result.opportunity.id).prime(result.opportunity.id, result.opportunity);
  // The delivery hand-over work order with its document (once per contract; signing again makes good a failed one).
  await openDeliveryHandOver(actor, result.contract).catch((error) => console.error(`hand-over of contract ${id} not opened:`, error));
  return result;
}
