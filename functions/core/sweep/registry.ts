import type { DueJob } from "../../store/due-jobs";
import type { Deps } from "../actor";
import { handleDigestJob } from "../digest/send";
import type { DueOutcome } from "./due-jobs";
import { handleCollectionJob } from "../collections/reminders";
import { handleStalledJob } from "../stalled/handle";
import { handleSlaJob } from "../sla/breach";
import { handleNextActionJob } from "../sla/next-action";
import { handleStageJobsBackfill } from "../sla/backfill";
import { handleWorkOrderSlaJob } from "../work-order/notify";

/**
 * Every kind of due job and what handles it. The one sweep runs each kind in turn (runScheduledJobs);
 * a capability that schedules jobs adds its kind here, in one line.
 */
export type DueJobHandler = (deps: Deps, job: DueJob) => Promise<DueOutcome>;

export const DUE_JOB_HANDLERS: Record<string, DueJobHandler> = {
  // kind: handler — added by each capability (collections, stalled deals, SLAs, work orders, digests).
  DIGEST: handleDigestJob,
  COLLECTION: handleCollectionJob,
  // Before the stalled and SLA kinds: the jobs it re-times are handled in the same sweep.
  STAGE_JOBS: handleStageJobsBackfill,
  STALLED: handleStalledJob,
  FOLLOW_UP_SLA: handleSlaJob,
  NEXT_ACTION: handleNextActionJob,
  WORK_ORDER_SLA: handleWorkOrderSlaJob,
};
