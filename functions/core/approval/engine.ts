/**
 * The workflow behind an approval: Step Functions in AWS, aws-local-stepfunctions locally, both
 * running the same ASL file (functions/workflow/approval.asl.json).
 */
export interface WorkflowEngine {
  /**
   * Starts execution `attempt` of a request's workflow (its name: `executionName`). Starting one that
   * runs does nothing; starting one that has ended throws ExecutionClosedError, as Step Functions
   * refuses a closed execution's name for 90 days: the caller re-drives under the next attempt.
   */
  startApproval(requestId: string, attempt: number): Promise<void>;
  /** Resumes the task waiting on this token; throws StaleTaskTokenError when nothing waits on it any more. */
  sendTaskSuccess(token: string, output: unknown): Promise<void>;
  /** False: workflows run in another process (local commands beside `npm start`), which starts and re-drives them. */
  readonly runsWorkflows?: boolean;
}

/** The task timed out or the execution moved on: telling it now changes nothing, and that is fine. */
export class StaleTaskTokenError extends Error {
  constructor(cause?: unknown) {
    super("The task no longer waits on this token", { cause });
    this.name = "StaleTaskTokenError";
  }
}

/** An execution of this name ran and ended (failed, timed out, aborted or succeeded): its name cannot run again. */
export class ExecutionClosedError extends Error {
  constructor(readonly executionName: string, cause?: unknown) {
    super(`Execution ${executionName} has ended; its name cannot be started again`, { cause });
    this.name = "ExecutionClosedError";
  }
}

/** Attempt 0 keeps the name executions had before re-drives existed, so those still running are recognized. */
export const executionName = (requestId: string, attempt = 0) => (attempt ? `approval-${requestId}-${attempt}` : `approval-${requestId}`);

/** The execution's input: the same for the same name, so starting a running one again is a no-op in Step Functions. */
export const executionInput = (requestId: string, attempt: number) => ({ requestId, attempt });
