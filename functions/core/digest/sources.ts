import type { Deps } from "../actor";
import { approvalsWaiting, followUpsDue, poolReleasesAhead } from "./personal";
import { collectionsDue } from "../collections/digest";
import type { Organization } from "../organization";
import type { Text } from "../text";
import type { User } from "../user/model";
import { workOrdersAssigned, workOrdersToWatch } from "../work-order/digest";
import { stalledDeals } from "../stalled/digest";
import { slaBreachesOf } from "../sla/digest";

/** The daily digest's sections, in the order the email shows them. */
export const DIGEST_SECTIONS = ["APPROVALS", "FOLLOW_UPS", "SLA_BREACHES", "STALLED_DEALS", "COLLECTIONS", "WORK_ORDERS", "POOL_RELEASES"] as const;
export type DigestSection = (typeof DIGEST_SECTIONS)[number];

/** One line of a person's digest: what it is, and what about it (both localized). */
export interface DigestItem {
  section: DigestSection;
  title: Text;
  detail?: Text | null;
  /** When it is due or happened (ISO), shown in the organization's time zone. */
  at?: string | null;
}

/**
 * What one capability puts in a person's digest for a local day. Each reads narrow indexes for that
 * person (their inbox, their customers, their deals, instalments due, tickets assigned), never the table.
 */
export type DigestSource = (deps: Deps, org: Organization, user: User, day: string) => Promise<DigestItem[]>;

/** Every capability's source; each adds its own here, in one line. */
export const DIGEST_SOURCES: DigestSource[] = [
  approvalsWaiting,
  followUpsDue,
  poolReleasesAhead,
  collectionsDue,
  workOrdersAssigned,
  workOrdersToWatch,
  stalledDeals,
  slaBreachesOf,
];
