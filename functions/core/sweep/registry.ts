import type { DueJob } from "../../store/due-jobs";
import type { Deps } from "../actor";
import type { DueOutcome } from "./due-jobs";

/**
 * Every kind of due job and what handles it. The one sweep runs each kind in turn (runScheduledJobs);
 * a capability that schedules jobs adds its kind here, in one line.
 */
export type DueJobHandler = (deps: Deps, job: DueJob) => Promise<DueOutcome>;

export const DUE_JOB_HANDLERS: Record<string, DueJobHandler> = {
  // kind: handler — added by each capability (collections, stalled deals, SLAs, work orders, digests).
};
