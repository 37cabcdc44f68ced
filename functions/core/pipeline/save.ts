import { ConditionFailedError } from "../../store";
import type { Actor } from "../actor";
import type { Activity } from "../activity";
import { NotFoundError, VersionConflictError } from "../errors";
import type { Opportunity } from "./model";
import { type StageEvent, totalsDeltas } from "./totals";

/**
 * Saves a deal with its timeline entry and its changes to the pipeline totals, in one transaction,
 * only if nobody saved it since it was read.
 */
export async function saveOpportunity(
  actor: Actor,
  prev: Opportunity | null,
  next: Opportunity,
  activity: Activity,
  events: StageEvent[] = [],
): Promise<Opportunity> {
  const org = await actor.org();
  const totals = totalsDeltas(prev, next, events, org.timeZone);
  try {
    await actor.deps.store.opportunities.save(next.orgId, [{ prev, next, activity, totals }]);
    return next;
  } catch (error) {
    if (!(error instanceof ConditionFailedError) || !error.failed.includes(`opportunity:${next.id}`)) throw error;
    const [current] = await actor.deps.store.opportunities.getMany([next.id]);
    if (!current) throw new NotFoundError("Opportunity", next.id);
    throw new VersionConflictError(current, current.version);
  }
}
