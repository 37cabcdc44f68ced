import { ConditionFailedError } from "../../store";
import type { LabeledWrite } from "../../store/transact";
import type { Actor } from "../actor";
import type { Activity } from "../activity";
import { NotFoundError, VersionConflictError } from "../errors";
import type { Opportunity } from "./model";
import { type StageEvent, totalsDeltas } from "./totals";
import { stageEntryWrites } from "../sla/stage-jobs";

/**
 * Saves a deal with its timeline entry and its changes to the pipeline totals, in one transaction,
 * only if nobody saved it since it was read. `extra` writes (a contract signed with the move) go in
 * the same transaction; when one of them fails its condition it is a conflict too: read and retry.
 */
export async function saveOpportunity(
  actor: Actor,
  prev: Opportunity | null,
  next: Opportunity,
  activity: Activity,
  events: StageEvent[] = [],
  extra: LabeledWrite[] = [],
): Promise<Opportunity> {
  const org = await actor.org();
  const totals = totalsDeltas(prev, next, events, org.timeZone);
  try {
    // A deal entering a stage gets that stay's stalled ladder and follow-up SLA in the same transaction.
    const jobs = stageEntryWrites(actor.deps, org, prev, next);
    await actor.deps.store.opportunities.save(next.orgId, [{ prev, next, activity, totals }], [...extra, ...jobs]);
    return next;
  } catch (error) {
    const ours = [`opportunity:${next.id}`, ...extra.map((w) => w.label)];
    if (!(error instanceof ConditionFailedError) || !error.failed.some((l) => ours.includes(l))) throw error;
    const [current] = await actor.deps.store.opportunities.getMany([next.id]);
    if (!current) throw new NotFoundError("Opportunity", next.id);
    throw new VersionConflictError(current, current.version);
  }
}
