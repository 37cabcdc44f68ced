/**
 * The workflow behind an approval: Step Functions in AWS, aws-local-stepfunctions locally, both
 * running the same ASL file (functions/workflow/approval.asl.json).
 */
export interface WorkflowEngine {
  /** Starts the approval workflow of a request. Starting it again does nothing (the name is the request's). */
  startApproval(requestId: string): Promise<void>;
  /** Resumes the task waiting on this token; throws StaleTaskTokenError when nothing waits on it any more. */
  sendTaskSuccess(token: string, output: unknown): Promise<void>;
}

/** The task timed out or the execution moved on: telling it now changes nothing, and that is fine. */
export class StaleTaskTokenError extends Error {
  constructor(cause?: unknown) {
    super("The task no longer waits on this token", { cause });
    this.name = "StaleTaskTokenError";
  }
}

export const executionName = (requestId: string) => `approval-${requestId}`;
