import type { Actor } from "../actor";
import { newActivity } from "../activity";
import { visibleCustomer } from "../customer/access";
import { NotFoundError, VersionConflictError } from "../errors";
import { markResult } from "../idempotency";
import { newId } from "../ids";
import { localDay } from "../local-day";
import { formatMoney, type Money } from "../money";
import { reapplyOnConflict } from "../reapply";
import { ConditionFailedError } from "../../store";
import { opportunityToChange } from "../pipeline/access";
import { isApproved } from "../quote/model";
import { visibleQuote } from "../quote/quote";
import { Checker } from "../validate";
import { checkDealOpenFor, checkEvidence, contractToChange, saveContract, takeQuoteSlot } from "./access";
import { ContractStatusError, QuoteNotApprovedError } from "./errors";
import { CLOSED_CONTRACT_STATUSES, type Contract, revisionOf } from "./model";
import { checkPlan, DEFAULT_PAYMENT_PLAN, type PaymentInstallmentInput, planInput, planText } from "./plan";

export interface ContractInput {
  buyerName?: string | null;
  sellerName?: string | null;
  /** Incl. VAT; absent: the approved quote revision's total. */
  amount?: { fen: number; currency?: string | null } | null;
  paymentPlan?: PaymentInstallmentInput[] | null;
  /** The contract text for legal review: an uploaded CONTRACT_DRAFT of the deal. */
  draftFileEvidenceId?: string | null;
}

/**
 * A contract may be signed for more than its approved quote, never for less: a lower amount is a
 * lower price, and prices are approved on the quote (floor, discount, margin). Revise the quote.
 */
function checkAmount(c: Checker, value: ContractInput["amount"], currency: Money["currency"], approvedFen: number): Money | undefined {
  const m = c.money("amount", value, currency);
  if (m && m.fen < approvedFen) {
    const shown = formatMoney({ fen: approvedFen, currency });
    c.fail("amount.fen", "BELOW_APPROVED_QUOTE", {
      zh: `合同金额不能低于已批准报价的含税总额（${shown}）；如需降价，请修改报价并重新审批`,
      en: `cannot be below the approved quote's total incl. VAT (${shown}); to lower the price, revise the quote and have it approved`,
    });
  }
  return m;
}

/**
 * A contract from an approved quote: the approved revision's total incl. VAT (or a negotiated
 * amount), the parties, a payment plan, the draft for legal. One live contract per quote: while one
 * is not rejected, expired or withdrawn, making another is refused, naming it.
 */
export const createContract = (actor: Actor, quoteId: string, input: ContractInput = {}): Promise<Contract> =>
  reapplyOnConflict(() => createOnce(actor, quoteId, input));

async function createOnce(actor: Actor, quoteId: string, input: ContractInput): Promise<Contract> {
  const q = await visibleQuote(actor, quoteId);
  if (!q) throw new NotFoundError("Quote", quoteId);
  await opportunityToChange(actor, q.opportunityId);
  await checkDealOpenFor(actor, q.opportunityId, null);
  if (!isApproved(q.status)) throw new QuoteNotApprovedError();
  const approved = (await actor.deps.store.quotes.getRevision(q.id, q.revision)) ?? { totals: q.totals };
  const org = await actor.org();
  const customer = await visibleCustomer(actor, q.customerId);
  const c = new Checker();
  const buyerName = c.text("buyerName", input.buyerName ?? customer?.name, { required: true, max: 100 }) as string;
  const sellerName = c.text("sellerName", input.sellerName ?? org.name, { required: true, max: 100 }) as string;
  const amount = checkAmount(c, input.amount, q.currency, approved.totals.totalFen) ?? { fen: approved.totals.totalFen, currency: q.currency };
  const paymentPlan = input.paymentPlan ? checkPlan(input.paymentPlan, amount, c, { from: localDay(actor.deps.clock.now(), org.timeZone), code: "IN_PAST" }) : DEFAULT_PAYMENT_PLAN;
  const draftFileEvidenceId = await checkEvidence(actor, q.opportunityId, "draftFileEvidenceId", input.draftFileEvidenceId, "CONTRACT_DRAFT", c);
  c.done();
  const now = actor.deps.clock.now();
  const year = localDay(now, org.timeZone).slice(0, 4);
  // The number is taken in the same transaction as the contract: a failed create leaves no gap.
  const id = newId(now);
  const slot = await takeQuoteSlot(actor, q.id, id);
  return actor.deps.store.quotes.numbered(org.id, `CONTRACT-${year}`, async (n, takeNumber) => {
    const contract: Contract = {
      id,
      orgId: org.id,
      number: `HT${year}-${String(n).padStart(5, "0")}`,
      quoteId: q.id,
      quoteRevision: q.revision,
      revision: 1,
      opportunityId: q.opportunityId,
      customerId: q.customerId,
      ownerId: q.ownerId,
      buyerName,
      sellerName,
      amount,
      signedOn: null,
      paymentPlan,
      draftFileEvidenceId,
      fileEvidenceId: null,
      status: "DRAFT",
      approvalRequestId: null,
      approvalRequestIds: [],
      approvedAt: null,
      createdAt: now.toISOString(),
      createdBy: actor.viewer.id,
      updatedAt: now.toISOString(),
      version: 1,
    };
    markResult(contract.id);
    await actor.deps.store.quotes
      .save(
        [actor.deps.store.quotes.contractWrite(contract, null), takeNumber, ...slot, actor.deps.store.dealChildren.addWrite("CONTRACT", contract.opportunityId, contract.id)],
        newActivity({ orgId: org.id, subjectType: "CONTRACT", subjectId: contract.id, kind: "CREATED", actorId: actor.viewer.id }, now),
      )
      .catch((error: unknown) => {
        // Another contract took the quote meanwhile: read again, and be told which.
        if (error instanceof ConditionFailedError && error.failed.some((l) => l.startsWith("quote:"))) throw new VersionConflictError(q, q.version);
        throw error;
      });
    return contract;
  });
}

const EDITABLE = ["DRAFT", ...CLOSED_CONTRACT_STATUSES];

/**
 * Edits a draft, or a rejected, expired or withdrawn contract: the latter starts the next revision
 * as a draft, as quotes do. Absent fields are kept. A pending contract is withdrawn first; an
 * approved or signed one is not edited.
 */
export async function updateContract(actor: Actor, id: string, expectedVersion: number, input: ContractInput): Promise<Contract> {
  const contract = await contractToChange(actor, id);
  if (contract.version !== expectedVersion) throw new VersionConflictError(contract, contract.version);
  if (!EDITABLE.includes(contract.status)) throw new ContractStatusError(contract.status, "UPDATE");
  const c = new Checker();
  const buyerName = input.buyerName === undefined ? contract.buyerName : (c.text("buyerName", input.buyerName, { required: true, max: 100 }) as string);
  const sellerName = input.sellerName === undefined ? contract.sellerName : (c.text("sellerName", input.sellerName, { required: true, max: 100 }) as string);
  const approved = await actor.deps.store.quotes.getRevision(contract.quoteId, contract.quoteRevision);
  const amount = input.amount == null ? contract.amount : (checkAmount(c, input.amount, contract.amount.currency, approved?.totals.totalFen ?? 0) ?? contract.amount);
  // An amount plan follows the amount: a changed amount re-checks the plan kept.
  // A new plan's fixed dates are checked against today; a kept one's again at submission.
  const window = input.paymentPlan ? { from: localDay(actor.deps.clock.now(), (await actor.org()).timeZone), code: "IN_PAST" as const } : undefined;
  const paymentPlan = checkPlan(input.paymentPlan ?? planInput(contract.paymentPlan, amount.currency), amount, c, window);
  const draftFileEvidenceId =
    input.draftFileEvidenceId === undefined
      ? (contract.draftFileEvidenceId ?? null)
      : await checkEvidence(actor, contract.opportunityId, "draftFileEvidenceId", input.draftFileEvidenceId, "CONTRACT_DRAFT", c);
  c.done();
  const now = actor.deps.clock.now();
  const revise = contract.status !== "DRAFT";
  const next: Contract = {
    ...contract,
    buyerName,
    sellerName,
    amount,
    paymentPlan,
    draftFileEvidenceId,
    revision: revise ? revisionOf(contract) + 1 : revisionOf(contract),
    status: "DRAFT",
    approvalRequestId: revise ? null : contract.approvalRequestId,
    approvedAt: null,
    updatedAt: now.toISOString(),
    version: contract.version + 1,
  };
  const shown = (c: Contract) => ({
    buyerName: c.buyerName,
    sellerName: c.sellerName,
    amount: String(c.amount.fen),
    paymentPlan: planText(c.paymentPlan, c.amount.currency),
    draftFileEvidenceId: c.draftFileEvidenceId ?? null,
  });
  const [before, after] = [shown(contract), shown(next)];
  const changes = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== after[k]).map((k) => ({ field: k, old: before[k], new: after[k] }));
  const activity = newActivity({ orgId: contract.orgId, subjectType: "CONTRACT", subjectId: id, kind: "UPDATED", actorId: actor.viewer.id, revision: next.revision, changes }, now);
  // Reviving a closed contract takes the quote back: refused while another contract of it is live.
  const slot = revise ? (await checkDealOpenFor(actor, contract.opportunityId, contract.id), await takeQuoteSlot(actor, contract.quoteId, contract.id)) : [];
  return saveContract(actor.deps, contract, next, activity, slot);
}
