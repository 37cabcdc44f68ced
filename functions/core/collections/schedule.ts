import type { DueJob } from "../../store/due-jobs";
import type { LabeledWrite } from "../../store/transact";
import type { Deps } from "../actor";
import { addDays, localDay, startOfLocalDay } from "../local-day";
import type { Organization } from "../organization";
import { invoicedOf, isPaid, type Instalment, type Ledger } from "./model";

/** The due-job kind of every collection reminder. */
export const COLLECTION = "COLLECTION";
export const DEFAULT_COLLECTION_ESCALATION_DAYS = 7;
export const collectionEscalationDaysOf = (org: Organization) => org.collectionEscalationDays ?? DEFAULT_COLLECTION_ESCALATION_DAYS;
/** Seeds: the first payment is confirmed within 30 days of signing. */
export const FIRST_PAYMENT_DAYS = 30;
/** Seeds: finance prepares when no collection was requested 3 days before the due date. */
export const PRE_DUE_DAYS = 3;

export type ReminderStep = "PRE_DUE" | "DUE" | "OVERDUE";

/** Reminders go out at 09:00 local on their day: the start of the working day, not midnight. */
export const morningOf = (day: string, timeZone: string) => new Date(startOfLocalDay(day, timeZone).getTime() + 9 * 3_600_000).toISOString();

/**
 * An instalment's reminders still to matter, in order: 3 days before the due date while nothing was
 * invoiced and no collection requested; on the due date; the escalation the organization's number of
 * days after it. None once paid, nor before its due date is known.
 */
export function reminderSteps(i: Instalment, org: Organization): { step: ReminderStep; at: string }[] {
  if (!i.dueOn || isPaid(i)) return [];
  const tz = org.timeZone;
  return [
    ...(invoicedOf(i) === 0 && !i.collectionRequestedAt ? [{ step: "PRE_DUE" as const, at: morningOf(addDays(i.dueOn, -PRE_DUE_DAYS), tz) }] : []),
    { step: "DUE" as const, at: morningOf(i.dueOn, tz) },
    { step: "OVERDUE" as const, at: morningOf(addDays(i.dueOn, collectionEscalationDaysOf(org)), tz) },
  ];
}

/**
 * When the instalment's job is due next: the latest step already passed (a late sweep sends only
 * that one, and an email already sent is not sent again), else the first one to come. Null: no job.
 * A step that passed before something was recorded (a contract signed, a plan set at 08:40) waits
 * for 09:00 local that day: reminders go out in the working day, and by then another step may be
 * the one that matters (due today rather than 3 days before).
 */
export function nextReminderAt(i: Instalment, org: Organization, now: string): string | null {
  const steps = reminderSteps(i, org);
  const passed = steps.filter((s) => s.at <= now).at(-1);
  if (!passed) return steps[0]?.at ?? null;
  const morning = morningOf(localDay(new Date(now), org.timeZone), org.timeZone);
  return now < morning ? morning : passed.at;
}

const job = (ref: string, orgId: string, dueAt: string, data: DueJob["data"]): DueJob => ({ kind: COLLECTION, ref, orgId, dueAt, data });

/** The write that puts the instalment's reminder job where it belongs now, or takes it away. */
export function instalmentJobWrite(deps: Deps, i: Instalment, org: Organization, now: string): LabeledWrite {
  const at = nextReminderAt(i, org, now);
  const write = at ? deps.store.dueJobs.scheduleWrite(job(i.id, i.orgId, at, { contractId: i.contractId })) : deps.store.dueJobs.cancelWrite(COLLECTION, i.id);
  return { ...write, label: `due:${COLLECTION}:${i.id}` };
}

export const firstPaymentRef = (contractId: string) => `${contractId}#FIRST_PAYMENT`;

/** 30 days after signing, at 09:00: the first payment should have been received; moot once it is. */
export function firstPaymentJobWrite(deps: Deps, ledger: Ledger, org: Organization): LabeledWrite {
  const ref = firstPaymentRef(ledger.contractId);
  const write =
    ledger.receivedFen > 0
      ? deps.store.dueJobs.cancelWrite(COLLECTION, ref)
      : deps.store.dueJobs.scheduleWrite(job(ref, ledger.orgId, morningOf(addDays(ledger.signedOn, FIRST_PAYMENT_DAYS), org.timeZone), { contractId: ledger.contractId, firstPayment: true }));
  return { ...write, label: `due:${COLLECTION}:${ref}` };
}
