import type { DueJob } from "../../store/due-jobs";
import type { Deps } from "../actor";
import { OPEN_STAGES } from "../pipeline/stages";
import type { DueOutcome } from "../sweep/due-jobs";
import { slaJob, stalledJob } from "./stage-jobs";

export const STAGE_JOBS_JOB = "STAGE_JOBS";

/** Asks the next sweep to (re)schedule every open deal's stalled ladder and SLA in an organization. */
export const scheduleStageJobsBackfill = (deps: Deps, orgId: string) =>
  deps.store.dueJobs.schedule({ kind: STAGE_JOBS_JOB, ref: orgId, orgId, dueAt: deps.clock.now().toISOString(), data: {} });

/**
 * Once per organization (the sweep calls this each run; after the first it is one read of the
 * organizations and their markers): deals opened before stalled ladders and SLAs were scheduled get
 * theirs, by the same re-timing job. Returns how many organizations were started.
 */
export async function ensureStageJobsBackfilled(deps: Deps): Promise<number> {
  const orgIds = await deps.store.pipelineTotals.organizations();
  if (!orgIds.length) return 0;
  const done = await deps.store.openStays.backfilled(orgIds);
  const missing = orgIds.filter((_, i) => !done[i]);
  for (const id of missing) {
    await scheduleStageJobsBackfill(deps, id);
    await deps.store.openStays.markBackfilled(id, deps.clock.now().toISOString());
  }
  return missing.length;
}

/**
 * Re-times the stage jobs of one organization's open deals from its current settings: run after the
 * stage limits, SLA hours or working hours change, and once for deals created before the jobs
 * existed. Reads the open-stage index (open deals only) and their customers' last follow-ups;
 * replaces each stay's jobs (the same ref), so running it twice changes nothing.
 */
export async function handleStageJobsBackfill(deps: Deps, job: DueJob): Promise<DueOutcome> {
  const org = await deps.store.organizations.get(job.orgId);
  for (const stage of OPEN_STAGES) {
    let start: Record<string, unknown> | undefined;
    do {
      const { items: deals, cursor } = await deps.store.openStays.page(job.orgId, stage, start);
      const customers = await deps.store.customers.getMany([...new Set(deals.map((d) => d.customerId))]);
      const lastFollowUp = new Map(customers.filter((c) => c).map((c) => [c!.id, c!.lastFollowUpAt ?? ""]));
      for (const o of deals) {
        for (const j of [stalledJob(org, o), slaJob(org, o, lastFollowUp.get(o.customerId) ?? o.stageEnteredAt)]) if (j) await deps.store.dueJobs.schedule(j);
      }
      start = cursor;
    } while (start);
  }
  return { next: null };
}
