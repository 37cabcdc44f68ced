export { seesMargin } from "./approvers";
export { InvalidLinkError, resumeDueDecisions } from "./decide";
export * from "./errors";
export * from "./model";
export * from "./policy";
export { approvalHistory, approvalOf, decideAssignment, myApprovals, type OpenApproval } from "./read";
