import { isValidCreditCode, normalizeCreditCode } from "./credit-code";
import { ConditionFailedError } from "../store";
import type { Actor } from "./actor";
import { diffFields, newActivity } from "./activity";
import { canonical } from "./canonical";
import { ForbiddenError, VersionConflictError } from "./errors";
import { hasRole } from "./user/model";
import { Checker } from "./validate";
import { scheduleDigest } from "./digest/schedule";
import { isValidTimeZone, localDay } from "./local-day";
import { checkPolicy } from "./approval/policy-check";
import { type ApprovalPolicy, DEFAULT_CONTRACT_POLICY, DEFAULT_QUOTE_POLICY, type PolicyKind } from "./approval/policy";
import type { Tier } from "./customer/model";
import type { Currency } from "./money";
import { applyPipelineSettings, type PipelineSettingsInput } from "./pipeline/settings";
import { DEFAULT_PIPELINE, type PipelineSettings } from "./pipeline/stages";
import { applyTrackingPatch, type QuoteTrackingPatch, type QuoteTrackingSettings } from "./quote-tracking/settings";
import { checkLogo, confirmLogoPrints, type LetterheadLogo } from "./quote-delivery/logo";
import { businessCalendarOf } from "./calendar/business-hours";
import { scheduleStageJobsBackfill } from "./sla/backfill";
import { applyBusinessHoursPatch, applySlaHoursPatch, type BusinessHoursPatch, type FollowUpSlaHours } from "./sla/settings";

/** Organization-wide settings; an organization without a stored record runs on the defaults. */
export interface Organization {
  id: string;
  name: string;
  timeZone: string;
  /** Days without a follow-up before a held customer goes back to the pool; 0 turns it off. */
  releaseDays: Record<Tier, number>;
  /** Days a person who gave a customer up to the pool waits before claiming it back; 0 turns it off. */
  reclaimCooldownDays: number;
  /** How many customers one person may hold at once. */
  maxCustomersPerOwner: number;
  /** Amounts of opportunities, forecasts and targets are in this currency. */
  currency: Currency;
  pipeline: PipelineSettings;
  approvalPolicies: Record<PolicyKind, ApprovalPolicy>;
  /** What heads the quotes sent to customers, beside the name; absent on organizations set up before. */
  letterhead?: Letterhead | null;
  /** Read tracking of quote links: excluded networks and page-interest alert thresholds. Absent: the defaults. */
  quoteTracking?: QuoteTrackingSettings | null;
  /** Hours a sent quote may go unanswered, with no follow-up logged, before its owner is reminded; 0 never. Absent: 72. */
  quoteFollowUpHours?: number;
  /** Days past an instalment's due date before the overdue escalation (finance supervisor, owner's manager). Absent: 7. */
  collectionEscalationDays?: number;
  /** Working hours and the organization's own closed days / extra workdays (business-hours SLAs). Absent: 09:00–18:00, China's calendar alone. */
  businessHours?: { workStart: string; workEnd: string; closedDays: string[]; extraWorkdays: string[] } | null;
  /** Business hours a deal's owner has to follow it up, per open stage; 0 off. Absent: the seeds (sla/settings.ts). */
  followUpSlaHours?: FollowUpSlaHours | null;
  /** "HH:mm" local: when each person's daily digest goes out on working days. Absent: 08:30 (digest/schedule.ts). */
  digestTime?: string;
  version: number;
  updatedAt: string | null;
}

export interface Letterhead {
  address: string | null;
  phone: string | null;
  /** 纳税人识别号 / 统一社会信用代码. */
  taxId: string | null;
  /** Printed at the top left of every quote; the image is in the file store. */
  logo?: LetterheadLogo | null;
}

export const DEFAULT_QUOTE_FOLLOW_UP_HOURS = 72;
export const quoteFollowUpHoursOf = (org: Organization) => org.quoteFollowUpHours ?? DEFAULT_QUOTE_FOLLOW_UP_HOURS;

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export function defaultOrganization(id: string): Organization {
  return {
    id,
    name: id,
    timeZone: DEFAULT_TIME_ZONE,
    // Seeds: A 14 / B 10 / C 7 days (the article's "released after 7 days" for ordinary customers).
    releaseDays: { A: 14, B: 10, C: 7 },
    // Long enough that release-and-reclaim cannot keep a customer from the pool.
    reclaimCooldownDays: 7,
    // Seeds: each rep keeps 30-50 active customers.
    maxCustomersPerOwner: 50,
    currency: "CNY",
    pipeline: DEFAULT_PIPELINE,
    approvalPolicies: { QUOTE: DEFAULT_QUOTE_POLICY, CONTRACT: DEFAULT_CONTRACT_POLICY },
    version: 0,
    updatedAt: null,
  };
}

export interface OrganizationPatch {
  name?: string | null;
  timeZone?: string | null;
  releaseDays?: Partial<Record<Tier, number>> | null;
  maxCustomersPerOwner?: number | null;
  reclaimCooldownDays?: number | null;
  pipeline?: PipelineSettingsInput | null;
  approvalPolicy?: { kind: PolicyKind; policy: ApprovalPolicy } | null;
  quoteTracking?: QuoteTrackingPatch | null;
  /** `logo`: a PNG or JPEG in base64; null removes it. */
  letterhead?: (Partial<Omit<Letterhead, "logo">> & { logo?: string | null }) | null;
  quoteFollowUpHours?: number | null;
  collectionEscalationDays?: number | null;
  businessHours?: BusinessHoursPatch | null;
  /** Only the stages listed change. */
  followUpSlaHours?: { stage: string; hours: number }[] | null;
  digestTime?: string | null;
}

export function applyOrganizationPatch(org: Organization, patch: OrganizationPatch, today: string): Organization {
  const c = new Checker();
  const name = patch.name === undefined ? org.name : c.text("name", patch.name, { required: true, max: 100 });
  const timeZone = patch.timeZone ?? org.timeZone;
  if (!isValidTimeZone(timeZone)) c.fail("timeZone", "INVALID_TIME_ZONE", { zh: "时区无效", en: "is not a known time zone" });
  const releaseDays = { ...org.releaseDays };
  for (const tier of ["A", "B", "C"] as const) {
    const days = c.int(`releaseDays.${tier}`, patch.releaseDays?.[tier], 0, 365);
    if (days !== undefined) releaseDays[tier] = days;
  }
  const max = c.int("maxCustomersPerOwner", patch.maxCustomersPerOwner ?? undefined, 1, 100_000);
  const cooldown = c.int("reclaimCooldownDays", patch.reclaimCooldownDays ?? undefined, 0, 365);
  const pipeline = patch.pipeline ? applyPipelineSettings(org.pipeline, patch.pipeline, c) : org.pipeline;
  const approvalPolicies = patch.approvalPolicy
    ? { ...org.approvalPolicies, [patch.approvalPolicy.kind]: checkPolicy(patch.approvalPolicy.policy, c) }
    : org.approvalPolicies;
  const letterhead = patch.letterhead ? letterheadOf(org, patch.letterhead, c) : org.letterhead;
  const followUpHours = c.int("quoteFollowUpHours", patch.quoteFollowUpHours ?? undefined, 0, 24 * 90);
  const escalationDays = c.int("collectionEscalationDays", patch.collectionEscalationDays ?? undefined, 1, 365);
  const quoteTracking = patch.quoteTracking ? applyTrackingPatch(org.quoteTracking, patch.quoteTracking, c) : org.quoteTracking;
  const { timeZone: _zone, ...currentHours } = businessCalendarOf(org);
  const businessHours = patch.businessHours ? applyBusinessHoursPatch(currentHours, patch.businessHours, c, today) : org.businessHours;
  const followUpSlaHours = patch.followUpSlaHours ? applySlaHoursPatch(org.followUpSlaHours, patch.followUpSlaHours, c) : org.followUpSlaHours;
  const digestTime = patch.digestTime == null ? undefined : checkDigestTime(c, patch.digestTime);
  c.done();
  return {
    ...org,
    ...(digestTime !== undefined ? { digestTime } : {}),
    ...(businessHours ? { businessHours } : {}),
    ...(followUpSlaHours ? { followUpSlaHours } : {}),
    ...(quoteTracking ? { quoteTracking } : {}),
    // Absent stays absent: an organization that never set one shows no change on its timeline.
    ...(letterhead ? { letterhead } : {}),
    ...(followUpHours !== undefined ? { quoteFollowUpHours: followUpHours } : {}),
    ...(escalationDays !== undefined ? { collectionEscalationDays: escalationDays } : {}),
    name: name ?? org.name,
    timeZone,
    releaseDays,
    maxCustomersPerOwner: max ?? org.maxCustomersPerOwner,
    reclaimCooldownDays: cooldown ?? org.reclaimCooldownDays,
    pipeline,
    approvalPolicies,
  };
}

/** Line breaks, other control characters and direction overrides: nothing a printed line may hold. */
const UNPRINTABLE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** Fields left out keep their value; a blank one clears it. What is printed on every quote is checked. */
function letterheadOf(org: Organization, patch: NonNullable<OrganizationPatch["letterhead"]>, c: Checker): Letterhead {
  const current = org.letterhead ?? null;
  const field = (name: "address" | "phone" | "taxId", max: number) => {
    if (patch[name] === undefined) return current?.[name] ?? null;
    // Judged before the length: one complaint per field.
    if (patch[name] && UNPRINTABLE.test(patch[name] as string)) {
      c.fail(`letterhead.${name}`, "UNPRINTABLE", { zh: "不能包含换行或控制字符", en: "must not contain line breaks or control characters" });
      return null;
    }
    return c.text(`letterhead.${name}`, patch[name], { max }) ?? null;
  };
  const letterhead: Letterhead = { address: field("address", 200), phone: field("phone", 20), taxId: field("taxId", 30) };
  const logo = patch.logo === undefined ? current?.logo : patch.logo && checkLogo(c, "letterhead.logo", org.id, patch.logo)?.logo;
  if (logo) letterhead.logo = logo;
  if (patch.taxId !== undefined && letterhead.taxId) {
    letterhead.taxId = normalizeCreditCode(letterhead.taxId);
    if (!isValidCreditCode(letterhead.taxId)) c.fail("letterhead.taxId", "INVALID_CREDIT_CODE", { zh: "统一社会信用代码（税号）校验不通过", en: "is not a valid unified social credit code" });
  }
  // One complaint per field: the format is judged only when the length and characters passed.
  const phoneChecked = c.issues.some((i) => i.path.join(".") === "letterhead.phone");
  if (patch.phone !== undefined && letterhead.phone && !phoneChecked) c.phone("letterhead.phone", letterhead.phone);
  return letterhead;
}

/** ADMIN changes the settings; the old values stay on the organization's timeline. */
export async function updateOrganization(actor: Actor, expectedVersion: number, patch: OrganizationPatch): Promise<Organization> {
  if (!hasRole(actor.viewer, "ADMIN")) throw new ForbiddenError();
  const current = await actor.deps.store.organizations.get(actor.viewer.orgId);
  if (current.version !== expectedVersion) throw new VersionConflictError(current, current.version);
  const patched = applyOrganizationPatch(current, patch, localDay(actor.deps.clock.now(), current.timeZone));
  const changes = diffFields(canonical(current) as Organization, canonical(patched) as Organization, [
    "name",
    "timeZone",
    "releaseDays",
    "maxCustomersPerOwner",
    "reclaimCooldownDays",
    "pipeline",
    "approvalPolicies",
    "letterhead",
    "quoteFollowUpHours",
    "collectionEscalationDays",
    "quoteTracking",
    "businessHours",
    "followUpSlaHours",
    "digestTime",
  ]);
  if (!changes.length) return current;
  // The image first (its key is its hash: writing it twice is harmless), so a saved logo always has its file.
  const logo = patch.letterhead?.logo && checkLogo(new Checker(), "letterhead.logo", current.id, patch.letterhead.logo);
  if (logo) {
    await confirmLogoPrints(actor.deps, "letterhead.logo", logo);
    await actor.deps.files.put(logo.logo.key, logo.bytes, logo.logo.contentType);
  }
  const now = actor.deps.clock.now();
  const next = { ...patched, version: current.version + 1, updatedAt: now.toISOString() };
  const activity = newActivity(
    { orgId: next.id, subjectType: "ORGANIZATION", subjectId: next.id, kind: "UPDATED", actorId: actor.viewer.id, changes },
    now,
  );
  try {
    await actor.deps.store.organizations.save(next, current.version, activity);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    const latest = await actor.deps.store.organizations.get(next.id);
    throw new VersionConflictError(latest, latest.version);
  }
  // The digest moves with its time, the zone and the working days (after the save: a lost move is made good by the next digest).
  if (changes.some((ch) => ["digestTime", "timeZone", "businessHours"].includes(ch.field))) await scheduleDigest(actor.deps, next);
  // Open deals' stalled ladders and follow-up SLAs are re-timed to the new limits, hours and calendar.
  if (changes.some((ch) => ["pipeline", "timeZone", "businessHours", "followUpSlaHours"].includes(ch.field))) await scheduleStageJobsBackfill(actor.deps, next.id);
  return next;
}

/** "HH:mm", 00:00–23:59. */
function checkDigestTime(c: Checker, value: string): string | undefined {
  if (/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) return value;
  c.fail("digestTime", "INVALID_TIME", { zh: "时间格式应为 HH:mm（00:00–23:59）", en: "must be a time HH:mm (00:00–23:59)" });
  return undefined;
}
