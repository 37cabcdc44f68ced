import definition from "./approval.asl.json";

/** The one ASL definition: deployed by CDK with the function ARN substituted, run as is locally. */
export const APPROVAL_ASL = definition;
export const APPROVAL_FUNCTION_PLACEHOLDER = "${ApprovalFunctionArn}";

/** The definition with the approval function's ARN filled in (locally any valid ARN does). */
export function approvalDefinition(functionArn: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(definition).split(APPROVAL_FUNCTION_PLACEHOLDER).join(functionArn));
}
