import { createActor } from "../actor";
import { myApprovals } from "../approval/read";
import { releaseAtFor } from "../customer/release";
import { addDays, daysBetween, startOfLocalDay } from "../local-day";
import type { DigestSource } from "./sources";

/** Approvals waiting on the person: their inbox (one partition), soonest deadline first. */
export const approvalsWaiting: DigestSource = async (deps, _org, user) =>
  (await myApprovals(createActor(user, deps))).map(({ request, assignment }) => ({
    section: "APPROVALS" as const,
    title: { zh: `${request.summary.reference} ${request.summary.customerName}`, en: `${request.summary.reference} ${request.summary.customerName}` },
    detail: { zh: `${request.summary.title}，审批截止`, en: `${request.summary.title}, decision due` },
    at: assignment.deadline,
  }));

/**
 * Customers the person holds whose next action is planned for today or was due before: read from
 * their own customers (byOwner, tens of items), never the table. Most overdue first.
 */
export const followUpsDue: DigestSource = async (deps, org, user, day) =>
  (await deps.store.customers.heldBy(org.id, user.id))
    .filter((c) => c.nextActionOn && c.nextActionOn <= day)
    .sort((a, b) => (a.nextActionOn as string).localeCompare(b.nextActionOn as string))
    .map((c) => {
      const late = daysBetween(c.nextActionOn as string, day);
      return {
        section: "FOLLOW_UPS" as const,
        title: { zh: c.name, en: c.name },
        detail: late
          ? { zh: `计划跟进日 ${c.nextActionOn}，已逾期 ${late} 天`, en: `next action was due ${c.nextActionOn}, ${late} day(s) overdue` }
          : { zh: "今日计划跟进", en: "next action planned for today" },
      };
    });

/** How far ahead a person is warned that a customer they hold will go back to the pool. */
export const POOL_WARNING_DAYS = 2;

/**
 * Customers the person holds that go back to the pool within the next 2 days (at the end of today
 * or tomorrow) unless followed up: the organization's release rule (customer/release.ts), soonest first.
 */
export const poolReleasesAhead: DigestSource = async (deps, org, user, day) => {
  const before = startOfLocalDay(addDays(day, POOL_WARNING_DAYS), org.timeZone).toISOString();
  return (await deps.store.customers.heldBy(org.id, user.id))
    .map((c) => ({ c, releaseAt: releaseAtFor(c, org) }))
    .filter((r): r is { c: (typeof r)["c"]; releaseAt: string } => r.releaseAt !== null && r.releaseAt <= before)
    .sort((a, b) => a.releaseAt.localeCompare(b.releaseAt))
    .map(({ c, releaseAt }) => ({
      section: "POOL_RELEASES" as const,
      title: { zh: `${c.name}（${c.tier}类）`, en: `${c.name} (tier ${c.tier})` },
      detail: { zh: "跟进一次即可保留，退回公海时间", en: "log a follow-up to keep it; returns to the pool" },
      at: releaseAt,
    }));
};
