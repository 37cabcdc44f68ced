import type { Deps } from "../actor";
import { OpenContractExistsError, STATUS_LABELS } from "../contract/errors";
import { CLOSED_CONTRACT_STATUSES, type Contract } from "../contract/model";
import type { Quote } from "./model";

/** The quote's contract that can still be approved or signed, or is signed (one per quote, see takeQuoteSlot). */
export async function liveContractOf(deps: Deps, q: Quote): Promise<Contract | null> {
  const contracts = await deps.store.quotes.contractsForOpportunity(q.opportunityId);
  return contracts.find((c) => c.quoteId === q.id && !CLOSED_CONTRACT_STATUSES.includes(c.status)) ?? null;
}

const ACTIONS = {
  UPDATE: { zh: "修改", en: "edited", why: { zh: "修改后合同将与报价的版本不一致", en: "the contract would stand on a superseded revision" } },
  WITHDRAW: { zh: "撤回", en: "withdrawn", why: { zh: "合同仍以此报价为准", en: "the contract still rests on this quote" } },
};

/**
 * A quote with a live contract is what that contract stands on: editing it would leave the contract
 * at a superseded revision, withdrawing it would leave a contract without an offer. The rep
 * withdraws the contract first; a signed one settles the quote for good.
 */
export async function refuseWithLiveContract(deps: Deps, q: Quote, action: keyof typeof ACTIONS): Promise<void> {
  const c = await liveContractOf(deps, q);
  if (!c) return;
  const a = ACTIONS[action];
  const label = STATUS_LABELS[c.status];
  throw new OpenContractExistsError(
    c.id,
    c.number,
    c.status,
    c.status === "SIGNED"
      ? { zh: `该报价已凭合同 ${c.number} 签订，不能再${a.zh}`, en: `This quote was signed as contract ${c.number}; it can no longer be ${a.en}` }
      : {
          zh: `该报价已有合同 ${c.number}（${label.zh}），${a.why.zh}；请先撤回合同，再${a.zh}报价`,
          en: `This quote has contract ${c.number} (${label.en}) and ${a.why.en}; withdraw the contract first, then the quote can be ${a.en}`,
        },
  );
}
