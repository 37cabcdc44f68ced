/** Contracts: made from an approved quote, approved through the contract policy, signed to win the deal. */
export { checkEvidence, visibleContract } from "./access";
export { contractApprovals, contractInView, contractsOf } from "./nested";
export { listContracts, type ContractListFilter } from "./list";
export { createContract, updateContract, type ContractInput } from "./create";
export { ContractNotApprovedError, ContractStatusError, DealAlreadyWonError, OpenContractExistsError, QuoteNotApprovedError } from "./errors";
export { checkPlan, DEFAULT_PAYMENT_PLAN, type PaymentInstallmentInput } from "./plan";
export { signContract, type SignInput } from "./sign";
export { applyContractOutcome, contractFigures, submitContract, withdrawContract } from "./submit";
export { OpportunityLostError } from "../pipeline/errors";
