import { ConditionFailedError } from "../../store";
import type { LabeledWrite } from "../../store/transact";
import type { Actor, Deps } from "../actor";
import type { Activity } from "../activity";
import { NotFoundError, VersionConflictError } from "../errors";
import { opportunityToChange, visibleOpportunity } from "../pipeline/access";
import type { EvidenceKind } from "../pipeline/stages";
import type { Checker } from "../validate";
import { DealAlreadyWonError, OpenContractExistsError } from "./errors";
import { CLOSED_CONTRACT_STATUSES, type Contract } from "./model";
import { OpportunityLostError } from "../pipeline/errors";

export async function visibleContract(actor: Actor, id: string): Promise<Contract | null> {
  const [c] = await actor.deps.store.quotes.getContracts([id]);
  if (!c || c.orgId !== actor.viewer.orgId) return null;
  return (await visibleOpportunity(actor, c.opportunityId)) ? c : null;
}

/** A contract to change: fresh from the table, on a deal the viewer works. */
export async function contractToChange(actor: Actor, id: string): Promise<Contract> {
  const c = await visibleContract(actor, id);
  if (!c) throw new NotFoundError("Contract", id);
  await opportunityToChange(actor, c.opportunityId);
  return c;
}

/** Writes the contract (only if nobody saved it since it was read) with its timeline entry and any other writes. */
export async function saveContract(deps: Deps, prev: Contract | null, next: Contract, activity: Activity, extra: LabeledWrite[] = []) {
  try {
    await deps.store.quotes.save([deps.store.quotes.contractWrite(next, prev?.version ?? null), ...extra], activity);
    return next;
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    const [current] = await deps.store.quotes.getContracts([next.id]);
    throw new VersionConflictError(current, current?.version ?? 0);
  }
}


const KIND_TEXT: Partial<Record<EvidenceKind, { zh: string; en: string }>> = {
  SIGNED_CONTRACT: { zh: "须为本商机已上传的签字盖章合同", en: "must be an uploaded signed contract of this opportunity" },
  CONTRACT_DRAFT: { zh: "须为本商机已上传的合同草稿", en: "must be an uploaded contract draft of this opportunity" },
};

/** A file given by id must be uploaded evidence of the deal, of the kind expected. */
export async function checkEvidence(actor: Actor, opportunityId: string, path: string, evidenceId: string | null | undefined, kind: EvidenceKind, c: Checker) {
  if (!evidenceId) return null;
  const evidence = await actor.deps.store.opportunities.evidence(opportunityId);
  if (!evidence.some((e) => e.id === evidenceId && e.status === "UPLOADED" && e.kind === kind)) c.fail(path, "NOT_UPLOADED", KIND_TEXT[kind]!);
  return evidenceId;
}

/**
 * One live contract per quote, kept as the quote's `contractId` and taken in the same transaction
 * as the contract is made or revived: of two racing requests one takes it, the other re-reads and
 * is told which contract holds it. A holder that was rejected, expired or withdrawn gives it up.
 */
export async function takeQuoteSlot(actor: Actor, quoteId: string, contractId: string): Promise<LabeledWrite[]> {
  const [q] = await actor.deps.store.quotes.getMany([quoteId]);
  if (!q) throw new NotFoundError("Quote", quoteId);
  const open = (await actor.deps.store.quotes.contractsForOpportunity(q.opportunityId)).find(
    (c) => c.quoteId === quoteId && c.id !== contractId && !CLOSED_CONTRACT_STATUSES.includes(c.status),
  );
  if (open) throw new OpenContractExistsError(open.id, open.number, open.status);
  return [actor.deps.store.quotes.quoteWrite({ ...q, contractId, version: q.version + 1 }, q.version)];
}

/** The deal a contract is for must be neither lost nor already won by another contract. */
export async function checkDealOpenFor(actor: Actor, opportunityId: string, contractId: string | null) {
  const [deal] = await actor.deps.store.opportunities.getMany([opportunityId]);
  if (!deal) throw new NotFoundError("Opportunity", opportunityId);
  if (deal.stage === "LOST") throw new OpportunityLostError();
  if (deal.wonContractId && deal.wonContractId !== contractId) {
    const [won] = await actor.deps.store.quotes.getContracts([deal.wonContractId]);
    throw new DealAlreadyWonError(won?.number ?? deal.wonContractId);
  }
  return deal;
}
