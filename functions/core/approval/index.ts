export { seesMargin } from "./approvers";
export { InvalidLinkError, resumeDueDecisions } from "./decide";
export * from "./errors";
export * from "./model";
export * from "./policy";
export { approvalHistory, decideAssignment, myApprovals, type OpenApproval } from "./read";
