import type { DueJob } from "../../store/due-jobs";
import type { Deps } from "../actor";
import { businessCalendarOf, isWorkingDay, nextWorkingDay } from "../calendar/business-hours";
import { localDay, startOfLocalDay } from "../local-day";
import type { Organization } from "../organization";

export const DIGEST_JOB = "DIGEST";

/** When the digest goes out, local time, unless the organization chose another (e.g. HubSpot's 8:00 daily digest). */
export const DEFAULT_DIGEST_TIME = "08:30";
export const digestTimeOf = (org: Pick<Organization, "digestTime">) => org.digestTime ?? DEFAULT_DIGEST_TIME;

const MINUTE = 60_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The instant of a local day's digest in the organization's zone. */
export const digestInstant = (org: Organization, day: string) => new Date(startOfLocalDay(day, org.timeZone).getTime() + minutesOf(digestTimeOf(org)) * MINUTE);

/**
 * The next digest after `now`: today's if today is a working day and its time has not come, else
 * the next working day's. A job run late knows which day it was for from its due time.
 */
export function nextDigest(org: Organization, now: Date): { day: string; at: Date } {
  const cal = businessCalendarOf(org);
  const today = localDay(now, org.timeZone);
  const day = isWorkingDay(cal, today) && digestInstant(org, today) > now ? today : nextWorkingDay(cal, today);
  return { day, at: digestInstant(org, day) };
}

/** One job per organization (ref = its id): scheduling it again moves it. */
export function digestJob(org: Organization, now: Date): DueJob {
  return { kind: DIGEST_JOB, ref: org.id, orgId: org.id, dueAt: nextDigest(org, now).at.toISOString(), data: {} };
}

/** After a change to the digest time, the time zone or the working days: the next digest under the new settings. */
export async function scheduleDigest(deps: Deps, org: Organization): Promise<void> {
  await deps.store.dueJobs.schedule(digestJob(org, deps.clock.now()));
}

/**
 * Every organization in the registry has its digest job: one read of the registry and one batch read
 * of the jobs per sweep, then a job for each organization that has none yet (a new organization, one
 * set up before digests). Safe concurrently: two sweeps write the same job.
 */
export async function ensureDigestJobs(deps: Deps): Promise<number> {
  const orgIds = await deps.store.pipelineTotals.organizations();
  if (!orgIds.length) return 0;
  const jobs = await deps.store.dueJobs.getMany(DIGEST_JOB, orgIds);
  const missing = orgIds.filter((_, i) => !jobs[i]);
  for (const id of missing) await scheduleDigest(deps, await deps.store.organizations.get(id));
  return missing.length;
}
