import { randomUUID } from "node:crypto";
import { type RunOptions, StateMachine } from "aws-local-stepfunctions";
import type { Deps } from "../core/actor";
import { ExecutionClosedError, executionInput, executionName, StaleTaskTokenError, type WorkflowEngine } from "../core/approval/engine";
import { type ApprovalTaskInput, runApprovalTask } from "../core/approval/tasks";
import { approvalDefinition } from "./definition";

const LOCAL_ARN = "arn:aws:lambda:cn-north-1:000000000000:function:approval-task";

type LocalHandler = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>[string];
type Json = Awaited<ReturnType<LocalHandler>>;
interface WaitInput {
  Payload: { requestId: string; stepKey: string; remainingSeconds: number };
}

interface Waiting {
  resolve: (output: unknown) => void;
  timer: NodeJS.Timeout;
}

const TASK_STATES = ["LoadStep", "AwaitDecision", "Escalate", "Finish", "RecordFailure"] as const;

export interface LocalEngineOptions {
  /**
   * Milliseconds between retries of every task, instead of the ASL's IntervalSeconds and backoff
   * (tests: a failure is retried and given up on in milliseconds). Unset: the ASL's own timing.
   */
  retryIntervalMs?: number;
}

/**
 * Runs the approval ASL with aws-local-stepfunctions. Task states call the same handler the Lambda
 * runs; the callback task mints its own token per wait (the library has no `$$.Task.Token`), keeps
 * it in DynamoDB through that handler, and waits until sendTaskSuccess settles it or its
 * TimeoutSecondsPath runs out (States.Timeout, caught by the ASL).
 *
 * Like Step Functions, it refuses to start again a name that ran and ended. Its memory is the
 * process's: after `npm start` restarts, the executions that died with the old process are started
 * again under their stored names by the scheduled job (nothing of them ended in this engine).
 */
export class LocalWorkflowEngine implements WorkflowEngine {
  private readonly machine = new StateMachine(approvalDefinition(LOCAL_ARN) as never, { validationOptions: { checkPaths: false } });
  private readonly running = new Map<string, { done: Promise<unknown>; abort: () => void }>();
  private readonly closed = new Set<string>();
  private readonly waiting = new Map<string, Waiting>();
  private deps!: Deps;

  constructor(private readonly options: LocalEngineOptions = {}) {}

  /** The engine and the deps refer to each other; the deps are handed over once both exist. */
  attach(deps: Deps) {
    this.deps = deps;
  }

  async startApproval(requestId: string, attempt: number): Promise<void> {
    const name = executionName(requestId, attempt);
    if (this.running.has(name)) return;
    if (this.closed.has(name)) throw new ExecutionClosedError(name);
    const task: LocalHandler = async (input) => ((await runApprovalTask(this.deps, input as unknown as ApprovalTaskInput)) ?? null) as Json;
    const interval = this.options.retryIntervalMs;
    const execution = this.machine.run(
      executionInput(requestId, attempt),
      {
        noThrowOnAbort: true,
        context: { Task: { Token: "minted-per-wait" } },
        overrides: {
          taskResourceLocalHandlers: {
            LoadStep: task,
            Escalate: task,
            Finish: task,
            RecordFailure: task,
            AwaitDecision: async (input) => (await this.awaitDecision(input as unknown as WaitInput)) as Json,
          },
          ...(interval === undefined ? {} : { retryIntervalOverrides: Object.fromEntries(TASK_STATES.map((s) => [s, interval])) }),
        },
      },
    );
    let aborted = false;
    const done = execution.result
      .catch((error: unknown) => console.error(JSON.stringify({ msg: "approval workflow failed", requestId, attempt, error: String(error) })))
      .finally(() => {
        this.running.delete(name);
        // An execution that ran to its end (succeeded or failed) keeps its name; one aborted by stop() died with the process.
        if (!aborted) this.closed.add(name);
      });
    this.running.set(name, {
      done,
      abort: () => {
        aborted = true;
        execution.abort();
      },
    });
  }

  private async awaitDecision(input: WaitInput): Promise<unknown> {
    const token = `local-${randomUUID()}`;
    const settled = new Promise<unknown>((resolve) => {
      // The library abandons the promise when the task times out; forget the token a little after.
      const timer = setTimeout(() => this.waiting.delete(token), (input.Payload.remainingSeconds + 5) * 1000);
      timer.unref();
      this.waiting.set(token, { resolve, timer });
    });
    await runApprovalTask(this.deps, { action: "await", requestId: input.Payload.requestId, stepKey: input.Payload.stepKey, taskToken: token });
    return settled;
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    const w = this.waiting.get(token);
    if (!w) throw new StaleTaskTokenError();
    this.waiting.delete(token);
    clearTimeout(w.timer);
    w.resolve(output);
  }

  /** Resolves when every execution started so far has ended (tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** What stopping `npm start` does to running executions: they vanish; DynamoDB keeps their state. */
  stop(): void {
    for (const r of this.running.values()) r.abort();
    this.running.clear();
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.waiting.clear();
  }

  /** Executions in flight: waits are abandoned, nothing is written (the state is in DynamoDB). */
  get inFlight(): number {
    return this.running.size;
  }
}
