import type { DueJob } from "../../store/due-jobs";
import type { LabeledWrite } from "../../store/transact";
import type { Deps } from "../actor";
import { addBusinessHours, businessCalendarOf } from "../calendar/business-hours";
import type { Organization } from "../organization";
import type { Opportunity } from "../pipeline/model";
import { isOpen } from "../pipeline/stages";
import { ladderOf, STALLED_JOB } from "../stalled/ladder";
import { slaHoursFor } from "./settings";

export const SLA_JOB = "FOLLOW_UP_SLA";

/** One job per deal and stay in a stage: a new stay is a new job, an old stay's job finds itself moot. */
export const stayRef = (o: Pick<Opportunity, "id" | "stageEnteredAt">) => `${o.id}#${o.stageEnteredAt}`;

/** The stalled-ladder job of a stay, or null when its stage never stalls. */
export function stalledJob(org: Organization, o: Opportunity): DueJob | null {
  const ladder = ladderOf(org, o);
  if (!ladder) return null;
  return { kind: STALLED_JOB, ref: stayRef(o), orgId: o.orgId, dueAt: ladder.ownerAt.toISOString(), data: { opportunityId: o.id, stage: o.stage, enteredAt: o.stageEnteredAt } };
}

/** The follow-up SLA job of a stay, counted from `since` (entry, or the last follow-up); null when off. */
export function slaJob(org: Organization, o: Opportunity, since: string): DueJob | null {
  const hours = isOpen(o.stage) ? slaHoursFor(org, o.stage) : 0;
  if (hours <= 0) return null;
  const from = since > o.stageEnteredAt ? since : o.stageEnteredAt;
  const deadline = addBusinessHours(businessCalendarOf(org), new Date(from), hours);
  return { kind: SLA_JOB, ref: stayRef(o), orgId: o.orgId, dueAt: deadline.toISOString(), data: { opportunityId: o.id, stage: o.stage, enteredAt: o.stageEnteredAt, since: from, hours } };
}

/**
 * Writes for the transaction that saves a deal: when it enters a stage (created, moved, reopened),
 * the new stay's ladder and SLA are scheduled and the old stay's jobs taken off. Nothing otherwise.
 */
export function stageEntryWrites(deps: Deps, org: Organization, prev: Opportunity | null, next: Opportunity): LabeledWrite[] {
  if (prev && prev.stageEnteredAt === next.stageEnteredAt && prev.stage === next.stage) return [];
  const jobs = deps.store.dueJobs;
  const writes: LabeledWrite[] = [];
  for (const [kind, job] of [[STALLED_JOB, stalledJob(org, next)], [SLA_JOB, slaJob(org, next, next.stageEnteredAt)]] as const) {
    if (job) writes.push(jobs.scheduleWrite(job));
    // Two moves within one millisecond share a ref: the new job replaces the old (one write per item).
    if (prev && !(job && job.ref === stayRef(prev))) writes.push(jobs.cancelWrite(kind, stayRef(prev)));
  }
  return writes;
}
