import type { Locale } from "../text";

export const TIERS = ["A", "B", "C"] as const;
export type Tier = (typeof TIERS)[number];

export const CONTACT_ROLES = ["DECISION_MAKER", "INFLUENCER", "TECHNICAL", "PROCUREMENT", "FINANCE", "USER", "OTHER"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const FOLLOW_UP_KINDS = ["VISIT", "CALL", "MESSAGE", "MEETING"] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export interface Contact {
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  role: ContactRole | null;
  /** The language quotes, emails and the quote page reach this person in; absent on contacts stored before: Chinese. */
  locale?: Locale;
}

export interface Customer {
  id: string;
  orgId: string;
  /** Required (five of them; the seeds complain of 27-field forms). */
  name: string;
  tier: Tier;
  industry: string;
  region: string;
  source: string;
  /** Optional, filled in later. */
  creditCode: string | null;
  address: string | null;
  phone: string | null;
  website: string | null;
  remark: string | null;
  contacts: Contact[];
  tags: string[];
  /** null: in the shared pool (公海). */
  ownerId: string | null;
  /** When the current owner took it, and the last follow-up: the release countdown runs from the later. */
  ownedSince: string | null;
  lastFollowUpAt: string | null;
  nextActionOn: string | null;
  /**
   * No longer stored: when a customer goes back to the pool follows the organization's current days
   * per tier (`releaseAtFor`). Items written before that may still carry the value then due.
   */
  releaseAt?: string | null;
  /**
   * Who last gave the customer up to the pool (released it, or lost it to auto-release) and when:
   * that person waits out the organization's reclaim cool-down before claiming it again.
   */
  releasedBy?: string | null;
  releasedAt?: string | null;
  /**
   * Everyone who gave it up lately, newest last: a colleague claiming and releasing it in between
   * must not reset an earlier holder's cool-down.
   */
  recentReleases?: { userId: string; at: string }[];
  /** Duplicate detection and search work on normalized forms. */
  nameKey: string;
  searchText: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}

/** The fields a person edits; the rest the system keeps. */
export const EDITABLE_FIELDS = [
  "name",
  "tier",
  "industry",
  "region",
  "source",
  "creditCode",
  "address",
  "phone",
  "website",
  "remark",
  "contacts",
  "tags",
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type CustomerFields = Pick<Customer, EditableField>;
