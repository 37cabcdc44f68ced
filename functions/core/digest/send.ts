import type { DueJob } from "../../store/due-jobs";
import { digestEmail } from "../../mail/digest";
import type { Deps } from "../actor";
import { businessCalendarOf, isWorkingDay } from "../calendar/business-hours";
import { localDay } from "../local-day";
import { deliver } from "../mail";
import type { Organization } from "../organization";
import type { User } from "../user/model";
import type { DueOutcome } from "../sweep/due-jobs";
import { digestInstant, nextDigest } from "./schedule";
import { DIGEST_SECTIONS, DIGEST_SOURCES, type DigestItem } from "./sources";

/** Once per person and local day, whoever sends it and however often. */
export const digestEmailId = (userId: string, day: string) => `DIGEST#${userId}#${day}`;

/** A person's digest for a day: every source's items, grouped in DIGEST_SECTIONS order; empty sections left out. */
export async function digestFor(deps: Deps, org: Organization, user: User, day: string) {
  const items: DigestItem[] = (await Promise.all(DIGEST_SOURCES.map((source) => source(deps, org, user, day)))).flat();
  return DIGEST_SECTIONS.map((section) => ({ section, items: items.filter((i) => i.section === section) })).filter((s) => s.items.length);
}

/**
 * The DIGEST job of an organization, due at its digest time on a working day. It sends the digest of
 * the day it runs on, never of the days it missed (a sweep down for a week sends today's, not seven
 * old ones), then moves to the next working day's digest time. Each person's day is sent once (the outbox id):
 * two sweeps at once, or a re-run after one person's email failed, send nobody a second copy.
 */
export async function handleDigestJob(deps: Deps, job: DueJob): Promise<DueOutcome> {
  const org = await deps.store.organizations.get(job.orgId);
  const now = deps.clock.now();
  const today = localDay(now, org.timeZone);
  // The day the job was due for: today's, or an older one when the sweep was down or a retry ran past midnight.
  const jobDay = localDay(new Date(job.dueAt), org.timeZone);
  if (jobDay < today) await giveUpOn(deps, org, jobDay);
  // Today's digest, once its time has come on a working day, even if the job was for a day long gone.
  const todays = digestInstant(org, today);
  if (isWorkingDay(businessCalendarOf(org), today) && now >= todays) {
    try {
      await sendDigests(deps, org, today);
    } catch (error) {
      // Left due for another attempt, as today's job: after midnight the sweep knows which day's digests went unsent.
      if (jobDay !== today) await deps.store.dueJobs.reschedule(job, todays.toISOString());
      throw error;
    }
  }
  return { next: nextDigest(org, now).at.toISOString() };
}

/**
 * Every active person's digest for the day. People already sent (or whose email FAILED) are skipped
 * before their sections are read. One person's failure does not hold back the others; it is thrown
 * at the end so the job stays due and that person's email is tried again on a later sweep.
 */
export async function sendDigests(deps: Deps, org: Organization, day: string): Promise<void> {
  const people = (await deps.store.users.listByOrg(org.id)).filter((u) => u.active);
  const records = await deps.store.outbox.get(people.map((u) => digestEmailId(u.id, day)));
  let firstError: unknown = null;
  for (const [i, user] of people.entries()) {
    const record = records[i];
    if (record && record.status !== "SENDING") continue;
    try {
      const sections = await digestFor(deps, org, user, day);
      // Nothing waiting on them: no email (an empty digest teaches people to ignore it).
      if (!sections.length) continue;
      await deliver(deps, {
        id: digestEmailId(user.id, day),
        to: user,
        kind: "DIGEST",
        about: { subjectType: "USER", subjectId: user.id },
        render: () => digestEmail({ locale: user.locale, recipientName: user.name, orgName: org.name, day, timeZone: org.timeZone, sections }),
      });
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError) throw firstError;
}

/**
 * A day over with some of its digests still waiting for another attempt (SES kept refusing them):
 * they are not sent late (tomorrow's digest says what is current) but marked FAILED, so ADMIN sees
 * them among the delivery problems instead of them being lost without a word.
 */
async function giveUpOn(deps: Deps, org: Organization, day: string): Promise<void> {
  const people = await deps.store.users.listByOrg(org.id);
  const at = deps.clock.now().toISOString();
  for (const record of await deps.store.outbox.get(people.map((u) => digestEmailId(u.id, day)))) {
    if (record?.status !== "SENDING" || !record.attempts) continue;
    const lastError = `${record.lastError ?? ""} (the day ended before it could be sent)`.trim();
    await deps.store.outbox.recordFailure(record, record.createdAt, { attempts: record.attempts, lastError, nextAttemptAt: null, at });
  }
}
