import { ExecutionAlreadyExists, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { executionName, StaleTaskTokenError, type WorkflowEngine } from "../core/approval/engine";

const STALE = new Set(["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"]);

/** Step Functions: a Standard state machine deployed from the same ASL file. */
export class SfnWorkflowEngine implements WorkflowEngine {
  constructor(
    private readonly stateMachineArn: string | undefined,
    private readonly sfn = new SFNClient({}),
  ) {}

  async startApproval(requestId: string): Promise<void> {
    if (!this.stateMachineArn) throw new Error("STATE_MACHINE_ARN is not set for this function");
    try {
      await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: executionName(requestId), input: JSON.stringify({ requestId }) }));
    } catch (error) {
      // Same name: it was started before (a retried submit, the scheduled check). Nothing to do.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
    } catch (error) {
      if (STALE.has((error as Error).name)) throw new StaleTaskTokenError(error);
      throw error;
    }
  }
}
