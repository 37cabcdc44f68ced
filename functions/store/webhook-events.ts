import { type WebhookEvent, eventOfPayment, eventsOfActivity } from "../core/webhook/events";
import type { Activity } from "../core/activity";
import type { Db } from "./client";
import { dueJobStore } from "./due-jobs";
import type { LabeledWrite } from "./transact";

/**
 * The webhook outbox. `transact` calls `eventWrites` on every transaction: the events its timeline
 * entries (and new payments) stand for are written in that same transaction, as one due job per
 * organization (kind WEBHOOK_EVENTS), so an event exists exactly when its change does: a refused
 * write leaves none, a committed one cannot lose it. The dispatcher fans each job out to the
 * endpoints subscribed at that moment (core/webhook/dispatch.ts).
 */
export const WEBHOOK_EVENTS_JOB = "WEBHOOK_EVENTS";

export function eventsOfWrites(writes: LabeledWrite[]): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  for (const w of writes) {
    const put = w.item.Put;
    const item = put?.Item;
    if (item?._type === "Activity") events.push(...eventsOfActivity(item as unknown as Activity));
    // A payment is put once (a repeated reference is answered before writing): its put is its event.
    else if (item?._type === "Payment" && put?.ConditionExpression?.includes("attribute_not_exists")) {
      events.push(eventOfPayment(item as { orgId: string; reference: string; contractId: string; recordedAt: string }));
    } else if (item?._type === "WebhookEventMark") events.push(JSON.parse(item.event as string) as WebhookEvent);
  }
  return events;
}

/** Due-job writes for the events, one per organization; none when the transaction changes nothing a partner hears of. */
export function eventWrites(db: Db, writes: LabeledWrite[]): LabeledWrite[] {
  const events = eventsOfWrites(writes);
  const byOrg = new Map<string, WebhookEvent[]>();
  for (const e of events) byOrg.set(e.orgId, [...(byOrg.get(e.orgId) ?? []), e]);
  return [...byOrg].map(([orgId, list]) =>
    dueJobStore(db).scheduleWrite({ kind: WEBHOOK_EVENTS_JOB, ref: list[0].id, orgId, dueAt: list[0].occurredAt, data: { events: JSON.stringify(list) } }),
  );
}

/**
 * An event no timeline entry stands for (a quote sent, a quote viewed), put in the transaction of its
 * change: `transact` turns it into the outbox write above (it writes no item of its own).
 */
export const webhookEventWrite = (e: WebhookEvent): LabeledWrite => ({
  label: "webhookEvent",
  item: { Put: { TableName: "", Item: { _type: "WebhookEventMark", event: JSON.stringify(e) } } },
});
export const isEventMark = (w: LabeledWrite) => w.item.Put?.Item?._type === "WebhookEventMark";

/** Locally the server delivers right after a commit that wrote events (AWS: the dispatcher's schedule). */
const listeners = new WeakMap<Db, () => void>();
export const onEventsCommitted = (db: Db, listener: () => void) => listeners.set(db, listener);
export const eventsCommitted = (db: Db) => listeners.get(db)?.();
