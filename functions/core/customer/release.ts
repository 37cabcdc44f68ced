import { addDays, localDay, startOfLocalDay } from "../local-day";
import type { Organization } from "../organization";
import type { Customer, Tier } from "./model";

type Held = Pick<Customer, "ownerId" | "ownedSince" | "lastFollowUpAt">;

/**
 * The instant the pool countdown runs from: the later of taking the customer and its last
 * follow-up. The due-date index is keyed by this, not by the release time, so that a change to the
 * organization's days per tier applies to every customer already held without rewriting any.
 */
export function releaseAnchor(c: Held): string | null {
  if (!c.ownerId || !c.ownedSince) return null;
  return c.lastFollowUpAt && c.lastFollowUpAt > c.ownedSince ? c.lastFollowUpAt : c.ownedSince;
}

/**
 * When a held customer goes back to the pool under the organization's current settings: N days
 * (per tier) counted in the organization's time zone after the anchor. The countdown ends at
 * midnight local time after the Nth full day, so a follow-up any time on that day still keeps it.
 * null: in the pool, or the tier never releases (0 days).
 */
export function releaseAtFor(c: Held & Pick<Customer, "tier">, org: Pick<Organization, "releaseDays" | "timeZone">): string | null {
  const days = org.releaseDays[c.tier];
  const anchor = releaseAnchor(c);
  if (!anchor || !days) return null;
  const day = localDay(new Date(anchor), org.timeZone);
  return startOfLocalDay(addDays(day, days + 1), org.timeZone).toISOString();
}

/**
 * The sweep's bound for one tier: customers whose anchor is before this instant are due now
 * (releaseAtFor ≤ now exactly when the anchor's local day is before today − N). null: never releases.
 */
export function releaseCutoff(org: Pick<Organization, "releaseDays" | "timeZone">, tier: Tier, now: Date): string | null {
  const days = org.releaseDays[tier];
  if (!days) return null;
  return startOfLocalDay(addDays(localDay(now, org.timeZone), -days), org.timeZone).toISOString();
}
