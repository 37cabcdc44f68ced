import type { SFNClient } from "@aws-sdk/client-sfn";
import { ExecutionClosedError, executionInput, executionName, StaleTaskTokenError, type WorkflowEngine } from "../core/approval/engine";

const STALE = new Set(["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"]);

/** Step Functions: a Standard state machine deployed from the same ASL file. */
export class SfnWorkflowEngine implements WorkflowEngine {
  constructor(
    private readonly stateMachineArn: string | undefined,
    private client?: SFNClient,
  ) {}

  /** The SDK is loaded on the first approval started or resumed, not in every Lambda's init. */
  private async sdk() {
    const sdk = await import("@aws-sdk/client-sfn");
    this.client ??= new sdk.SFNClient({});
    return { ...sdk, sfn: this.client };
  }

  async startApproval(requestId: string, attempt: number): Promise<void> {
    if (!this.stateMachineArn) throw new Error("STATE_MACHINE_ARN is not set for this function");
    const name = executionName(requestId, attempt);
    const { sfn, StartExecutionCommand, ExecutionAlreadyExists, DescribeExecutionCommand } = await this.sdk();
    try {
      await sfn.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(executionInput(requestId, attempt)) }));
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
      // The same name: running (a retried submit, the scheduled check), or closed, which Step Functions
      // keeps for 90 days and never runs again. Only the first is "already started".
      const executionArn = `${this.stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
      const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== "RUNNING" && status !== "PENDING_REDRIVE") throw new ExecutionClosedError(name, error);
    }
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    const { sfn, SendTaskSuccessCommand } = await this.sdk();
    try {
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
    } catch (error) {
      if (STALE.has((error as Error).name)) throw new StaleTaskTokenError(error);
      throw error;
    }
  }
}
