import type { LabeledWrite } from "../../store/transact";
import type { Deps } from "../actor";
import { businessCalendarOf } from "../calendar/business-hours";
import type { Customer } from "../customer/model";
import { startOfLocalDay } from "../local-day";
import type { Organization } from "../organization";
import { isOpen } from "../pipeline/stages";
import { slaJob } from "./stage-jobs";

export const NEXT_ACTION_JOB = "NEXT_ACTION";

/**
 * What a follow-up logged on a customer changes, in its own transaction: each open deal's follow-up
 * SLA restarts from it (the job moves to the new deadline), breaches still open on those deals are
 * answered (at the time it was recorded), and a next-action date schedules the owner's reminder for that day's start of work.
 */
export async function followUpWrites(deps: Deps, org: Organization, customer: Customer, occurredAt: string, nextActionOn: string | null): Promise<LabeledWrite[]> {
  const writes: LabeledWrite[] = [];
  const deals = await deps.store.opportunities.page({ orgId: customer.orgId, owners: "ALL", customerId: customer.id, first: 30 });
  // A late follow-up answers its breach when it is recorded, whatever earlier time it states: a backdated
  // call neither shrinks the lateness nor restarts the clock in the past (which would breach again at once).
  const recordedAt = deps.clock.now().toISOString();
  for (const o of deals.items.filter((d) => isOpen(d.stage))) {
    const breaches = await deps.store.slaBreaches.open(o.id);
    const job = slaJob(org, o, breaches.length ? recordedAt : (customer.lastFollowUpAt ?? occurredAt));
    if (job) writes.push(deps.store.dueJobs.scheduleWrite(job));
    for (const b of breaches) writes.push(deps.store.slaBreaches.resolveWrite(b, recordedAt > occurredAt ? recordedAt : occurredAt));
  }
  if (nextActionOn && customer.ownerId) {
    const { workStart } = businessCalendarOf(org);
    const dueAt = new Date(startOfLocalDay(nextActionOn, org.timeZone).getTime() + (Number(workStart.slice(0, 2)) * 60 + Number(workStart.slice(3))) * 60_000);
    writes.push(
      deps.store.dueJobs.scheduleWrite({
        kind: NEXT_ACTION_JOB,
        ref: customer.id,
        orgId: customer.orgId,
        dueAt: dueAt.toISOString(),
        data: { customerId: customer.id, day: nextActionOn, ownerId: customer.ownerId },
      }),
    );
  }
  return writes;
}
