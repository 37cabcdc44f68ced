import { ConditionFailedError } from "../../store";
import type { Deps } from "../actor";
import { ExecutionClosedError } from "./engine";

/**
 * How many executions one request gets before the scheduled job stops re-driving it by itself: a
 * failure that outlasts them is a bug or an outage, for a person (the FailedApprovals alarm).
 */
export const MAX_EXECUTION_ATTEMPTS = 5;

/** What the scheduled job found and did; the sweep publishes the counts as metrics. */
export interface ApprovalsCheck {
  /** Pending requests whose execution runs (or was started now). */
  running: number;
  /** Requests started again under their next execution's name. */
  redriven: number;
  /** Requests left failed: out of attempts, or their re-drive failed. */
  failed: number;
  /** Decisions recorded that no workflow was told of yet. */
  untoldDecisions: number;
}

/**
 * The execution gave up on a task (its RecordFailure state): the failure goes on the request, which
 * moves to the re-drive index; the execution then fails (the alarm) and the scheduled job re-drives
 * it. An older execution's failure is ignored once a newer one runs the request.
 */
export async function recordFailure(deps: Deps, requestId: string, attempt: number, failure: { Error?: string; Cause?: string }): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const data = await deps.store.approvals.load(requestId);
    if (!data || (data.request.executionAttempt ?? 0) > attempt) return;
    const r = data.request;
    const recorded = { error: failure.Error ?? "Unknown", cause: String(failure.Cause ?? "").slice(0, 2000), at: deps.clock.now().toISOString(), attempt };
    console.error(JSON.stringify({ msg: "approval execution failed; recorded for re-drive", requestId, ...recorded }));
    try {
      await deps.store.approvals.saveRequest({ ...r, executionAttempt: attempt, failure: recorded, version: r.version + 1 }, r.version);
      return;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
  throw new Error(`Approval ${requestId} kept changing while its failure was recorded`);
}

/**
 * Starts the next execution of a request whose last one ended without finishing it, from what
 * DynamoDB holds (the workflow's first task reads it), then records that attempt on the request and
 * clears the failure. Started first: if recording loses a race, the next run finds the name running.
 */
async function redrive(deps: Deps, requestId: string, beyondLimit: boolean): Promise<"redriven" | "exhausted" | "done"> {
  const data = await deps.store.approvals.load(requestId);
  if (!data || (!data.request.failure && data.request.status !== "PENDING")) return "done"; // it finished meanwhile
  let attempt = (data.request.executionAttempt ?? 0) + 1;
  const last = beyondLimit ? attempt + MAX_EXECUTION_ATTEMPTS : MAX_EXECUTION_ATTEMPTS;
  for (; ; attempt++) {
    if (attempt > last) return "exhausted";
    try {
      await deps.workflows.startApproval(requestId, attempt);
      break;
    } catch (error) {
      if (!(error instanceof ExecutionClosedError)) throw error; // that name ran and ended already: the next
    }
  }
  for (let round = 0; round < 5; round++) {
    const fresh = await deps.store.approvals.load(requestId);
    const r = fresh!.request;
    if ((r.executionAttempt ?? 0) >= attempt) break; // the new execution recorded itself (it failed already)
    try {
      await deps.store.approvals.saveRequest({ ...r, executionAttempt: attempt, failure: null, version: r.version + 1 }, r.version);
      break;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error; // the new execution moved it on: read again
    }
  }
  console.log(JSON.stringify({ msg: "approval re-driven", requestId, attempt }));
  return "redriven";
}

/**
 * The scheduled job's part: every pending request has a running execution (started again after a
 * failed start, or after the local stack restarted), and each whose execution ended without finishing
 * it (a recorded failure, or one that ended unrecorded) is re-driven under the next attempt's name.
 * `beyondLimit`: an operator's re-drive after fixing the cause, past MAX_EXECUTION_ATTEMPTS.
 */
export async function ensureApprovalsRunning(deps: Deps, options: { beyondLimit?: boolean } = {}): Promise<ApprovalsCheck> {
  const check: ApprovalsCheck = { running: 0, redriven: 0, failed: 0, untoldDecisions: 0 };
  if (deps.workflows.runsWorkflows === false) {
    // Beside `npm start`, whose own scheduled jobs start and re-drive: only count.
    const [failed, pending, untold] = await Promise.all([deps.store.approvals.failed(), deps.store.approvals.pending(), deps.store.approvals.untoldDecisions()]);
    return { running: pending.length, redriven: 0, failed: failed.length, untoldDecisions: untold };
  }
  const again = async (requestId: string) => {
    try {
      const outcome = await redrive(deps, requestId, options.beyondLimit ?? false);
      if (outcome === "redriven") check.redriven++;
      if (outcome === "exhausted") check.failed++;
    } catch (error) {
      check.failed++;
      console.error(JSON.stringify({ msg: "approval re-drive failed; the next run retries", requestId, error: String(error) }));
    }
  };
  for (const id of await deps.store.approvals.failed()) await again(id);
  for (const p of await deps.store.approvals.pending()) {
    try {
      await deps.workflows.startApproval(p.id, p.attempt);
      check.running++;
    } catch (error) {
      if (error instanceof ExecutionClosedError) await again(p.id);
      else console.error(JSON.stringify({ msg: "approval start failed; the next run retries", requestId: p.id, error: String(error) }));
    }
  }
  check.untoldDecisions = await deps.store.approvals.untoldDecisions();
  return check;
}
