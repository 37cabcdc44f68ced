import { addDays, localDay, startOfLocalDay } from "../local-day";
import type { Organization } from "../organization";
import type { Customer } from "./model";

/**
 * When a held customer goes back to the pool: N days (per tier) counted in the organization's
 * time zone after the later of taking it and the last follow-up. The countdown ends at midnight
 * local time after the Nth full day, so a follow-up any time on that day still keeps it.
 */
export function releaseAtFor(
  c: Pick<Customer, "ownerId" | "tier" | "ownedSince" | "lastFollowUpAt">,
  org: Pick<Organization, "releaseDays" | "timeZone">,
): string | null {
  const days = org.releaseDays[c.tier];
  if (!c.ownerId || !days || !c.ownedSince) return null;
  const last = c.lastFollowUpAt && c.lastFollowUpAt > c.ownedSince ? c.lastFollowUpAt : c.ownedSince;
  const day = localDay(new Date(last), org.timeZone);
  return startOfLocalDay(addDays(day, days + 1), org.timeZone).toISOString();
}
