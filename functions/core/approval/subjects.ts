import type { Deps } from "../actor";
import { applyContractOutcome } from "../contract/contract";
import { applyQuoteOutcome } from "../quote/outcome";
import type { ApprovalRequest } from "./model";

/** Hands an approval's outcome to what was approved. */
export function applySubjectOutcome(deps: Deps, r: ApprovalRequest): Promise<void> {
  return r.subjectType === "QUOTE" ? applyQuoteOutcome(deps, r) : applyContractOutcome(deps, r);
}
