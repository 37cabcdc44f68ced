import { ConditionFailedError } from "../../store";
import { RELEASE_SHARDS } from "../../store/keys";
import type { Deps } from "../actor";
import { newActivity } from "../activity";
import type { Organization } from "../organization";
import type { Customer } from "./model";
import { toPool } from "./pool";

const BATCH = 100;
const MAX_BATCHES_PER_SHARD = 50;

export interface SweepResult {
  released: number;
  /** Due entries that were no longer due when read (a follow-up landed meanwhile): left with their owner. */
  skipped: number;
}

/**
 * Returns every held customer whose release time has passed to the pool. It reads the due-date
 * index, so its cost grows with what is due, never with the table. Running it twice, or in two
 * places at once, releases each customer once: every write is conditional on the version it read.
 */
export async function releaseDueCustomers(deps: Deps): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = { released: 0, skipped: 0 };
  const orgs = new Map<string, Promise<Organization>>();
  const orgOf = (id: string) => orgs.get(id) ?? orgs.set(id, deps.store.organizations.get(id)).get(id)!;

  for (let shard = 0; shard < RELEASE_SHARDS; shard++) {
    const seen = new Set<string>();
    for (let batch = 0; batch < MAX_BATCHES_PER_SHARD; batch++) {
      const ids = (await deps.store.customers.dueForRelease(shard, now.toISOString(), BATCH + seen.size)).filter((id) => !seen.has(id));
      if (!ids.length) break;
      ids.forEach((id) => seen.add(id));
      const customers = await deps.store.customers.getMany(ids);
      for (const c of customers) {
        if (c && (await releaseOne(deps, c, now, orgOf))) result.released++;
        else result.skipped++;
      }
    }
  }
  return result;
}

async function releaseOne(
  deps: Deps,
  c: Customer,
  now: Date,
  orgOf: (id: string) => Promise<Organization>,
  retried = false,
): Promise<boolean> {
  if (!c.ownerId || !c.releaseAt || c.releaseAt > now.toISOString()) return false;
  const org = await orgOf(c.orgId);
  const activity = newActivity(
    {
      orgId: c.orgId,
      subjectType: "CUSTOMER",
      subjectId: c.id,
      kind: "AUTO_RELEASED",
      actorId: null,
      fromOwnerId: c.ownerId,
      days: org.releaseDays[c.tier],
    },
    now,
  );
  try {
    await deps.store.customers.save([{ prev: c, next: toPool(c, now), activity }]);
    return true;
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    if (retried) return false;
    // Changed since read (an edit, or a follow-up that moved the release time): judge it afresh.
    const [fresh] = await deps.store.customers.getMany([c.id]);
    return fresh ? releaseOne(deps, fresh, now, orgOf, true) : false;
  }
}
