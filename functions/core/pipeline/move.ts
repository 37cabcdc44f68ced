import type { Actor } from "../actor";
import { newActivity } from "../activity";
import { ValidationError } from "../errors";
import type { Money } from "../money";
import type { LabeledWrite } from "../../store/transact";
import { reapplyOnConflict } from "../reapply";
import { isApproved } from "../quote/model";
import { Checker } from "../validate";
import { opportunityToChange } from "./access";
import { PlanNotPaidError } from "../collections/errors";
import { planOutstanding } from "../collections/read";
import { needsQuote, stagesEntered, unmetCriteria } from "./criteria";
import { DealNotQuotedError, DealWonError, OpportunityLostError, StageCriteriaNotMetError, StageSkipNotAllowedError, UseSignContractError } from "./errors";
import type { Opportunity, StageVisit } from "./model";
import { saveOpportunity } from "./save";
import { isOpen, isWon, PROGRESS_STAGES, type Stage, stageIndex } from "./stages";
import type { StageEvent } from "./totals";

export interface MoveInput {
  /** Files (already uploaded) presented for this move; they are recorded on the stage visit. */
  evidenceIds?: string[] | null;
  /** Required when moving back, or reopening a lost deal. */
  reason?: string | null;
}

/** The stage a deal stood at before it was lost (for reopening). */
const standingStage = (o: Opportunity): Stage =>
  o.stage === "LOST" ? ([...o.stageHistory].reverse().find((v) => v.stage !== "LOST")?.stage ?? "LEAD") : o.stage;

/**
 * Moves a deal to another stage. Forward moves must meet the entry criteria of every stage they pass
 * into (fields filled, evidence uploaded) and may skip stages only where the organization allows;
 * backward moves and reopening a lost deal need a reason. The exact time of each stage change is kept.
 * No move enters a won stage from an open or lost one: a deal is won only by signing an approved
 * contract (recordContractSigned); a won deal still moves on to DELIVERED_PAID here.
 */
export async function moveOpportunity(actor: Actor, id: string, to: Stage, input: MoveInput = {}): Promise<Opportunity> {
  const c = new Checker();
  if (!PROGRESS_STAGES.includes(to as (typeof PROGRESS_STAGES)[number])) {
    c.fail("toStage", "USE_MARK_LOST", { zh: "输单请使用 markOpportunityLost 并填写原因", en: "use markOpportunityLost, with a reason" });
  }
  const reason = c.text("reason", input.reason, { max: 500 });
  c.done();
  const org = await actor.org();

  return reapplyOnConflict(async () => {
    const o = await opportunityToChange(actor, id);
    if (o.stage === to) return o;
    const from = standingStage(o);
    const forward = stageIndex(to) > stageIndex(from);
    // Won means an approved, signed contract: only signContract brings a deal into a won stage.
    if (isWon(to) && !isWon(o.stage)) throw new UseSignContractError();
    // And stays won: the signed contract is what closed-won counts (CONTRACT_SIGNED ↔ DELIVERED_PAID only).
    if (isWon(o.stage) && !isWon(to)) throw new DealWonError();
    // And left only while money is owed: a fully paid plan keeps the deal at 交付回款 (the stage says what the money says).
    if (o.stage === "DELIVERED_PAID" && o.wonContractId && (await planOutstanding(actor.deps, o)).fen === 0) {
      throw new ValidationError([{ path: ["toStage"], code: "PLAN_PAID", text: { zh: "合同已全部回款，商机保持在“交付回款”", en: "the contract is paid in full: the deal stays Delivered and paid" } }]);
    }
    // 交付回款 means the plan is paid: reached by recording the payments (recordPlanPaid), not by a move.
    if (to === "DELIVERED_PAID") {
      const owed = await planOutstanding(actor.deps, o);
      if (owed.fen > 0) throw new PlanNotPaidError(owed);
    }
    if ((!forward || o.stage === "LOST") && !reason) {
      throw new ValidationError([
        { path: ["reason"], code: "REQUIRED", text: { zh: "退回或重新打开商机需填写原因", en: "is required to move back or reopen" } },
      ]);
    }
    const evidence = await actor.deps.store.opportunities.evidence(id);
    const presented = [...new Set(input.evidenceIds ?? [])];
    const unknown = presented.filter((eid) => !evidence.some((e) => e.id === eid && e.status === "UPLOADED"));
    if (unknown.length) {
      throw new ValidationError(
        unknown.map((eid) => ({
          path: ["evidenceIds", String(presented.indexOf(eid))],
          code: "NOT_UPLOADED",
          text: { zh: "不是本商机已上传的附件", en: "is not an uploaded file of this opportunity" },
        })),
      );
    }
    if (forward) {
      if (!org.pipeline.allowSkipping && stageIndex(to) > stageIndex(from) + 1) throw new StageSkipNotAllowedError(from, to);
      const approvedQuote = needsQuote(from, to, org.pipeline) && (await hasApprovedQuote(actor, id));
      const unmet = unmetCriteria({ ...o, stage: from }, to, evidence, org.pipeline, { approvedQuote });
      if (unmet.length) throw new StageCriteriaNotMetError(unmet);
    }

    return applyMove(actor, o, to, forward ? stagesEntered(from, to) : [to], { evidenceIds: presented, reason: reason ?? null });
  });
}

/** Whether any quote of the deal has an approved revision (auto-approved ones included). */
async function hasApprovedQuote(actor: Actor, opportunityId: string): Promise<boolean> {
  const quotes = await actor.deps.store.quotes.forOpportunity(opportunityId);
  if (quotes.some((q) => isApproved(q.status))) return true;
  for (const q of quotes) {
    if ((await actor.deps.store.quotes.revisions(q.id)).some((r) => r.outcome === "APPROVED")) return true;
  }
  return false;
}

/** The signed contract a deal is won with. */
export interface WonWith {
  contractId: string;
  amount: Money;
  signedOn: string;
}

/** Writes a move already judged allowed: exact times, funnel events, won/lost bookkeeping, timeline. */
async function applyMove(
  actor: Actor,
  o: Opportunity,
  to: Stage,
  entered: Stage[],
  input: { evidenceIds: string[]; reason: string | null; won?: WonWith },
  extra: LabeledWrite[] = [],
) {
  const now = actor.deps.clock.now();
  const at = now.toISOString();
  const visited = new Set(o.stageHistory.map((v) => v.stage));
  const events: StageEvent[] = [];
  if (o.stage !== "LOST") events.push({ kind: "EXITED", stage: o.stage, at, dwellMs: now.getTime() - Date.parse(o.stageEnteredAt) });
  for (const s of entered) if (!visited.has(s)) events.push({ kind: "ENTERED", stage: s, at });

  const history: StageVisit[] = o.stageHistory.map((v, i) => (i === o.stageHistory.length - 1 ? { ...v, exitedAt: at } : v));
  history.push({ stage: to, enteredAt: at, exitedAt: null, movedBy: actor.viewer.id, reason: input.reason, evidenceIds: input.evidenceIds });
  const next: Opportunity = {
    ...o,
    stage: to,
    stageEnteredAt: at,
    stageHistory: history,
    wonAt: isWon(to) ? (isWon(o.stage) ? o.wonAt : at) : null,
    wonContractId: isWon(to) ? (isWon(o.stage) ? (o.wonContractId ?? null) : (input.won?.contractId ?? null)) : null,
    wonAmount: isWon(to) ? (isWon(o.stage) ? (o.wonAmount ?? null) : (input.won?.amount ?? null)) : null,
    wonOn: isWon(to) ? (isWon(o.stage) ? (o.wonOn ?? null) : (input.won?.signedOn ?? null)) : null,
    lostAt: null,
    lostReason: null,
    forecastCategory: isWon(to) ? "CLOSED" : isOpen(o.stage) ? o.forecastCategory : "PIPELINE",
    updatedAt: at,
    version: o.version + 1,
  };
  const activity = newActivity(
    { orgId: o.orgId, subjectType: "OPPORTUNITY", subjectId: o.id, kind: "STAGE_CHANGED", actorId: actor.viewer.id, fromStage: o.stage, toStage: to, reason: input.reason },
    now,
  );
  return saveOpportunity(actor, o, next, activity, events, extra);
}

/**
 * An approved contract was signed: the deal moves to CONTRACT_SIGNED with the signed file as its
 * evidence, and records the contract, its amount and signing day (what closed-won counts). The
 * contract's approval stands in for the 合同签订 criteria, not for the stages before it: the deal
 * must stand at 方案报价. `contractWrites` (the contract marked signed) go in the same transaction,
 * so a deal is never won by a contract that is not signed, nor a contract signed on a deal not won.
 * `o` is the deal as the caller read it: a conflict is the caller's to re-read and judge again.
 */
export async function recordContractSigned(actor: Actor, o: Opportunity, won: WonWith, evidenceId: string, contractWrites: LabeledWrite[]): Promise<Opportunity> {
  if (o.stage === "LOST") throw new OpportunityLostError();
  // Signing stands in for the 合同签订 criteria only: the stages before it must have been passed.
  if (o.stage !== "QUOTED") throw new DealNotQuotedError(o.stage);
  return applyMove(actor, o, "CONTRACT_SIGNED", stagesEntered(o.stage, "CONTRACT_SIGNED"), { evidenceIds: [evidenceId], reason: null, won }, contractWrites);
}

/**
 * The won contract's payment plan is fully paid: the deal moves to DELIVERED_PAID with the payment's
 * `writes`, in one transaction (a conflict is the caller's to re-read and judge again).
 */
export async function recordPlanPaid(actor: Actor, o: Opportunity, writes: LabeledWrite[]): Promise<Opportunity> {
  return applyMove(actor, o, "DELIVERED_PAID", ["DELIVERED_PAID"], { evidenceIds: [], reason: null }, writes);
}

/** Closes a deal as lost from any stage; the reason is required and kept for win/loss analysis. */
export async function markOpportunityLost(actor: Actor, id: string, reasonInput: string): Promise<Opportunity> {
  const c = new Checker();
  const reason = c.text("reason", reasonInput, { required: true, max: 500 }) as string;
  c.done();
  return reapplyOnConflict(async () => {
    const o = await opportunityToChange(actor, id);
    if (o.stage === "LOST") return o;
    if (isWon(o.stage)) throw new DealWonError();
    const now = actor.deps.clock.now();
    const at = now.toISOString();
    const history: StageVisit[] = o.stageHistory.map((v, i) => (i === o.stageHistory.length - 1 ? { ...v, exitedAt: at } : v));
    history.push({ stage: "LOST", enteredAt: at, exitedAt: null, movedBy: actor.viewer.id, reason, evidenceIds: [] });
    const next: Opportunity = {
      ...o,
      stage: "LOST",
      stageEnteredAt: at,
      stageHistory: history,
      lostAt: at,
      lostReason: reason,
      wonAt: null,
      wonContractId: null,
      wonAmount: null,
      wonOn: null,
      forecastCategory: "CLOSED",
      updatedAt: at,
      version: o.version + 1,
    };
    const activity = newActivity(
      { orgId: o.orgId, subjectType: "OPPORTUNITY", subjectId: id, kind: "MARKED_LOST", actorId: actor.viewer.id, fromStage: o.stage, toStage: "LOST", reason },
      now,
    );
    return saveOpportunity(actor, o, next, activity, [{ kind: "EXITED", stage: o.stage, at, dwellMs: now.getTime() - Date.parse(o.stageEnteredAt) }]);
  });
}
