import type { DueJob } from "../../store/due-jobs";
import { stalledEmail } from "../../mail/stalled";
import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { localDaysBetween } from "../local-day";
import { deliver } from "../mail";
import { STAGE_LABELS, stageSettings } from "../pipeline/stages";
import type { DueOutcome } from "../sweep/due-jobs";
import type { User } from "../user/model";
import { localize } from "../text";
import { ladderOf, oneBusinessDayAfter } from "./ladder";

/**
 * One stay's stalled ladder: the owner at `ownerAt`, the owner's manager at `managerAt` if the deal is
 * still in the same stay, each once (the outbox id names the stay and the step). Times come from the
 * current settings, so a changed limit moves the ladder; a deal that moved on, was lost or won is moot.
 * After downtime the owner is told first; the manager one business day after that.
 */
export async function handleStalledJob(deps: Deps, job: DueJob): Promise<DueOutcome> {
  const [o] = await deps.store.opportunities.getMany([String(job.data.opportunityId)]);
  if (!o || o.stage !== job.data.stage || o.stageEnteredAt !== job.data.enteredAt) return { next: null };
  const org = await deps.store.organizations.get(o.orgId);
  const ladder = ladderOf(org, o);
  if (!ladder) return { next: null };
  const now = deps.clock.now();
  if (now < ladder.ownerAt) return { next: ladder.ownerAt.toISOString() };

  const [owner] = await deps.store.users.getMany([o.ownerId]);
  const manager = owner?.managerId ? (await deps.store.users.getMany([owner.managerId]))[0] : null;
  const [customer] = await deps.store.customers.getMany([o.customerId]);
  const limitDays = stageSettings(org.pipeline, o.stage)?.stalledAfterDays ?? 0;
  const send = (to: User, step: "OWNER" | "MANAGER") =>
    deliver(deps, {
      id: `STALLED#${o.id}#${o.stageEnteredAt}#${step}`,
      to,
      kind: step === "OWNER" ? "STALLED_DEAL" : "STALLED_DEAL_ESCALATED",
      about: { subjectType: "OPPORTUNITY", subjectId: o.id },
      render: () =>
        stalledEmail({
          locale: to.locale,
          recipientName: to.name,
          ownerName: step === "MANAGER" ? (owner?.name ?? null) : null,
          title: o.title,
          customerName: customer?.name ?? "-",
          stageLabel: localize(STAGE_LABELS[o.stage], to.locale),
          enteredAt: formatLocalTime(o.stageEnteredAt, org.timeZone),
          days: localDaysBetween(new Date(o.stageEnteredAt), now, org.timeZone),
          limitDays,
        }),
    });

  // The manager hears one business day after the owner was told, not after the owner should have
  // been: a deal found stalled late (after downtime, or when jobs were first scheduled) gives the
  // owner their day before it goes up.
  const toldAt = typeof job.data.ownerToldAt === "string" ? new Date(job.data.ownerToldAt) : null;
  if (!toldAt && owner?.active) await send(owner, "OWNER");
  const ownerTold = toldAt ?? now;
  const managerAt = new Date(Math.max(ladder.managerAt.getTime(), oneBusinessDayAfter(org, ownerTold).getTime()));
  if (now < managerAt) return { next: managerAt.toISOString(), data: { ...job.data, ownerToldAt: ownerTold.toISOString() } };
  if (manager?.active) await send(manager, "MANAGER");
  return { next: null };
}
