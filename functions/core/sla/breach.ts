import type { DueJob } from "../../store/due-jobs";
import { slaBreachEmail } from "../../mail/sla-breach";
import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { deliver } from "../mail";
import { STAGE_LABELS } from "../pipeline/stages";
import type { DueOutcome } from "../sweep/due-jobs";
import { localize } from "../text";
import { slaJob } from "./stage-jobs";

/**
 * A follow-up deadline fell due. Judged again from what the table holds: a deal that moved on, was
 * lost or won is moot; a follow-up logged since (the customer's last one, even if the job was not
 * moved) or a longer SLA moves the deadline. Otherwise the breach is recorded and the owner emailed
 * at once (not in a digest), each once per deal and deadline. The next deadline starts from the next
 * follow-up, which schedules it.
 */
export async function handleSlaJob(deps: Deps, job: DueJob): Promise<DueOutcome> {
  const [o] = await deps.store.opportunities.getMany([String(job.data.opportunityId)]);
  if (!o || o.stage !== job.data.stage || o.stageEnteredAt !== job.data.enteredAt) return { next: null };
  const org = await deps.store.organizations.get(o.orgId);
  const [customer] = await deps.store.customers.getMany([o.customerId]);
  const lastFollowUp = customer?.lastFollowUpAt ?? "";
  const since = [String(job.data.since), lastFollowUp].sort().at(-1) as string;
  const due = slaJob(org, o, since);
  if (!due) return { next: null };
  const now = deps.clock.now();
  if (due.dueAt > now.toISOString()) return { next: due.dueAt };

  const hours = Number(due.data.hours);
  await deps.store.slaBreaches.record({
    orgId: o.orgId,
    opportunityId: o.id,
    customerId: o.customerId,
    ownerId: o.ownerId,
    stage: o.stage,
    stageEnteredAt: o.stageEnteredAt,
    deadline: due.dueAt,
    breachedAt: now.toISOString(),
    slaHours: hours,
    resolvedAt: null,
  });
  const [owner] = await deps.store.users.getMany([o.ownerId]);
  if (owner?.active) {
    await deliver(deps, {
      id: `SLA_BREACH#${o.id}#${due.dueAt}`,
      to: owner,
      kind: "SLA_BREACH",
      about: { subjectType: "OPPORTUNITY", subjectId: o.id },
      render: () =>
        slaBreachEmail({
          locale: owner.locale,
          recipientName: owner.name,
          title: o.title,
          customerName: customer?.name ?? "-",
          stageLabel: localize(STAGE_LABELS[o.stage], owner.locale),
          slaHours: hours,
          since: formatLocalTime(String(due.data.since), org.timeZone),
          deadline: formatLocalTime(due.dueAt, org.timeZone),
        }),
    });
  }
  return { next: null };
}
