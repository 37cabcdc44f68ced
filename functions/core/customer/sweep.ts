import { ConditionFailedError } from "../../store";
import { RELEASE_SHARDS } from "../../store/keys";
import type { Deps } from "../actor";
import { newActivity } from "../activity";
import type { Organization } from "../organization";
import { type Customer, TIERS } from "./model";
import { toPool } from "./pool";
import { releaseAtFor, releaseCutoff } from "./release";

const BATCH = 100;
const MAX_BATCHES_PER_SHARD = 50;

export interface SweepResult {
  released: number;
  /** Due entries that were no longer due when read (a follow-up landed meanwhile): left with their owner. */
  skipped: number;
}

/**
 * Returns every held customer whose countdown has run out, under the organization's current days
 * per tier, to the pool. The due-date index is keyed by when each countdown began, so for each
 * organization and tier the sweep reads only the entries older than today − N: its cost grows
 * with what is due, never with the table, and a change of the days needs no rewrite (0: the tier
 * is not read at all). Running it twice, or in two places at once, releases each customer once:
 * every write is conditional on the version it read.
 */
export async function releaseDueCustomers(deps: Deps): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = { released: 0, skipped: 0 };
  const orgs = new Map<string, Promise<Organization>>();
  const orgOf = (id: string) => orgs.get(id) ?? orgs.set(id, deps.store.organizations.get(id)).get(id)!;
  const judge = async (ids: string[], refile: boolean) => {
    for (const c of await deps.store.customers.getMany(ids)) {
      if (c && (await releaseOne(deps, c, now, orgOf))) result.released++;
      else {
        result.skipped++;
        if (c && refile) await refileLegacy(deps, c);
      }
    }
  };

  for (const orgId of await deps.store.pipelineTotals.organizations()) {
    const org = await orgOf(orgId);
    for (const tier of TIERS) {
      const before = releaseCutoff(org, tier, now);
      if (!before) continue;
      for (let shard = 0; shard < RELEASE_SHARDS; shard++) {
        await drain((n) => deps.store.customers.dueForRelease(shard, { orgId, tier, before }, n), (ids) => judge(ids, false));
      }
    }
  }
  // Entries from before the index was keyed by countdown start: each is released or re-filed once.
  for (let shard = 0; shard < RELEASE_SHARDS; shard++) {
    await drain((n) => deps.store.customers.legacyDue(shard, n), (ids) => judge(ids, true));
  }
  return result;
}

/** Reads batches from the front of an index range until nothing new comes back (what was handled leaves it). */
async function drain(read: (limit: number) => Promise<string[]>, handle: (ids: string[]) => Promise<void>) {
  const seen = new Set<string>();
  for (let batch = 0; batch < MAX_BATCHES_PER_SHARD; batch++) {
    const ids = (await read(BATCH + seen.size)).filter((id) => !seen.has(id));
    if (!ids.length) return;
    ids.forEach((id) => seen.add(id));
    await handle(ids);
  }
}

/** Rewrites an old-style index entry as it is keyed now (same version check as any save). */
async function refileLegacy(deps: Deps, c: Customer) {
  try {
    await deps.store.customers.refile(c);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error; // changed meanwhile: already re-filed
  }
}

async function releaseOne(
  deps: Deps,
  c: Customer,
  now: Date,
  orgOf: (id: string) => Promise<Organization>,
  retried = false,
): Promise<boolean> {
  const org = await orgOf(c.orgId);
  const releaseAt = releaseAtFor(c, org);
  if (!releaseAt || releaseAt > now.toISOString()) return false;
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
    // Changed since read (an edit, or a follow-up that moved the countdown): judge it afresh.
    const [fresh] = await deps.store.customers.getMany([c.id]);
    return fresh ? releaseOne(deps, fresh, now, orgOf, true) : false;
  }
}
