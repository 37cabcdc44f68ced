import type { WorkflowEngine } from "../core/approval/engine";

/**
 * For local commands that run beside `npm start` (seed, sweep): approvals they create are started,
 * and decisions they record are resumed, by the running stack's scheduled jobs, where the local
 * workflows live.
 */
export class DeferredWorkflowEngine implements WorkflowEngine {
  readonly runsWorkflows = false;

  async startApproval(_requestId: string, _attempt: number): Promise<void> {}

  async sendTaskSuccess(): Promise<void> {
    throw new Error("Local workflows run in the npm start process; its scheduled jobs will resume this");
  }
}
