import type { Actor } from "../actor";
import { type Activity, newActivity } from "../activity";
import { addDays, localDay } from "../local-day";
import { Checker } from "../validate";
import { markResult } from "../idempotency";
import { ForbiddenError } from "../errors";
import { canEdit, customerToChange } from "./access";
import { reapplyOnConflict } from "../reapply";
import { saveCustomer } from "./save";
import { CustomerInPoolError } from "./errors";
import { FOLLOW_UP_KINDS, type Customer, type FollowUpKind } from "./model";
import { followUpWrites } from "../sla/follow-up";

export interface FollowUpInput {
  kind: FollowUpKind;
  note: string;
  /** When it happened; defaults to now. A visit logged the next morning keeps its real time. */
  occurredAt?: Date | null;
  /** The next step's date, in the organization's calendar. */
  nextActionOn?: string | null;
}

const MAX_BACKDATE_DAYS = 30;

/**
 * Records a visit, call, message or meeting on the timeline and restarts the pool countdown.
 * It appends rather than edits, so a concurrent change to the customer is merged, not refused.
 */
export async function logFollowUp(actor: Actor, customerId: string, input: FollowUpInput): Promise<Customer> {
  const now = actor.deps.clock.now();
  const org = await actor.org();
  const today = localDay(now, org.timeZone);
  const c = new Checker();
  const kind = c.oneOf("kind", input.kind, FOLLOW_UP_KINDS, true) as FollowUpKind;
  const note = c.text("note", input.note, { required: true, max: 2000 }) as string;
  const occurredAt = input.occurredAt ?? now;
  if (Number.isNaN(occurredAt.getTime()) || occurredAt > new Date(now.getTime() + 5 * 60_000)) {
    c.fail("occurredAt", "IN_FUTURE", { zh: "不能晚于当前时间", en: "cannot be in the future" });
  } else if (localDay(occurredAt, org.timeZone) < addDays(today, -MAX_BACKDATE_DAYS)) {
    c.fail("occurredAt", "TOO_OLD", { zh: `不能早于${MAX_BACKDATE_DAYS}天前`, en: `cannot be more than ${MAX_BACKDATE_DAYS} days ago` });
  }
  const next = c.day("nextActionOn", input.nextActionOn) ?? null;
  if (next && next < today) {
    c.fail("nextActionOn", "IN_PAST", { zh: "不能早于今天", en: "cannot be before today" });
  }
  c.done();

  return reapplyOnConflict(async () => {
    // Anyone who can see the pool is told the customer is there, before being told it is not theirs.
    const current = await customerToChange(actor, customerId, "see");
    if (!current.ownerId) throw new CustomerInPoolError();
    if (!(await canEdit(actor, current))) throw new ForbiddenError();
    const occurred = occurredAt.toISOString();
    const touched = {
      ...current,
      lastFollowUpAt: current.lastFollowUpAt && current.lastFollowUpAt > occurred ? current.lastFollowUpAt : occurred,
      nextActionOn: next ?? current.nextActionOn,
    };
    const updated: Customer = { ...touched, updatedAt: now.toISOString(), version: current.version + 1 };
    const activity = newActivity(
      {
        orgId: current.orgId,
        subjectType: "CUSTOMER",
        subjectId: customerId,
        kind: "FOLLOW_UP",
        actorId: actor.viewer.id,
        followUpKind: kind,
        occurredAt: occurred,
        note,
        nextActionOn: next,
      },
      now,
    );
    // The deals' follow-up SLAs restart and the next-action reminder is set in the same transaction.
    const extra = await followUpWrites(actor.deps, org, updated, occurred, next);
    markResult(customerId);
    return saveCustomer(actor, { prev: current, next: updated, activity }, { extra });
  });
}

/** How an idempotency key names a private note: its customer, time and id (where it sits in the timeline). */
export const privateNoteRef = (a: Activity) => `${a.subjectId}/${a.at}/${a.id}`;

/** The viewer's own private note by its ref, as a retried addPrivateNote returns it. */
export async function privateNoteByRef(actor: Actor, ref: string): Promise<Activity | null> {
  const [customerId, at, id] = ref.split("/");
  const note = await actor.deps.store.activities.get("CUSTOMER", customerId, at, id);
  return note?.kind === "PRIVATE_NOTE" && note.visibleTo === actor.viewer.id ? note : null;
}

/** A note on a customer that only its author ever sees, anywhere in the API. */
export async function addPrivateNote(actor: Actor, customerId: string, text: string): Promise<Activity> {
  const c = new Checker();
  const note = c.text("text", text, { required: true, max: 2000 }) as string;
  c.done();
  const customer = await customerToChange(actor, customerId, "see");
  const activity = newActivity(
      {
        orgId: customer.orgId,
        subjectType: "CUSTOMER",
        subjectId: customerId,
        kind: "PRIVATE_NOTE",
        actorId: actor.viewer.id,
        note,
        visibleTo: actor.viewer.id,
      },
    actor.deps.clock.now(),
  );
  markResult(privateNoteRef(activity));
  await actor.deps.store.activities.put(activity);
  return activity;
}
