import type { Actor } from "../actor";
import { markResult } from "../idempotency";
import { newActivity } from "../activity";
import type { Contract } from "../contract/model";
import { ValidationError } from "../errors";
import { localDay } from "../local-day";
import { Checker } from "../validate";
import { signedContractFor } from "./access";
import { collectionsOf, copy } from "./ensure";
import { EventAlreadyRecordedError, InstalmentNotFoundError } from "./errors";
import { dueDateOf } from "./instalments";
import { collectionWrites, commitCollections, reapplyCollections } from "./ledger";
import { contractIdOf, isPaid, type Instalment } from "./model";
import { MONEY_LABELS } from "./payments";

type ContractEvent = "DELIVERY" | "ACCEPTANCE";
const FIELD = { DELIVERY: "deliveredOn", ACCEPTANCE: "acceptedOn" } as const;
const LABELS = { deliveredOn: { zh: "交付日期", en: "delivery day" }, acceptedOn: { zh: "验收日期", en: "acceptance day" } };

/**
 * Records the contract's delivery or acceptance (the owner's side or finance): the day is not in the
 * future, not before the signing, acceptance not before delivery and delivery not after acceptance
 * (whichever was recorded first), and is recorded once; it fixes the
 * due dates of the instalments that count from it, and schedules their reminders, in one write.
 * The same day again changes nothing.
 */
export async function recordContractEvent(actor: Actor, contractId: string, event: ContractEvent, on: string): Promise<Contract> {
  const org = await actor.org();
  const field = FIELD[event];
  return reapplyCollections(async () => {
    const contract = await signedContractFor(actor, contractId, "FINANCE_OR_OWNER");
    const { prev, ledger, instalments } = await collectionsOf(actor.deps, contract);
    const recorded = ledger[field];
    if (recorded === on) return contract;
    if (recorded) throw new EventAlreadyRecordedError(event, recorded);
    const c = new Checker(LABELS);
    const day = c.day(field, on);
    const today = localDay(actor.deps.clock.now(), org.timeZone);
    const earliest = event === "ACCEPTANCE" && ledger.deliveredOn ? ledger.deliveredOn : ledger.signedOn;
    if (day && day > today) c.fail(field, "IN_FUTURE", { zh: `不能晚于今天（${today}）`, en: `cannot be after today (${today})` });
    // Acceptance recorded first: the delivery was on or before it (a future day is after it too: one problem is enough).
    else if (day && event === "DELIVERY" && ledger.acceptedOn && day > ledger.acceptedOn) {
      c.fail(field, "AFTER_ACCEPTANCE", { zh: `不能晚于验收日（${ledger.acceptedOn}）`, en: `cannot be after the acceptance (${ledger.acceptedOn})` });
    }
    if (day && day < earliest) {
      c.fail(field, earliest === ledger.signedOn ? "BEFORE_SIGNING" : "BEFORE_DELIVERY", {
        zh: `不能早于${earliest === ledger.signedOn ? "合同签订日" : "交付日"}（${earliest}）`,
        en: `cannot be before the ${earliest === ledger.signedOn ? "signing" : "delivery"} (${earliest})`,
      });
    }
    c.done();
    const next = { ...ledger, [field]: day! };
    const after = copy(instalments).map((i) => ({ ...i, dueOn: dueDateOf(i, next) }));
    // Who said it was delivered (accepted), on the deal's timeline: due dates count from it.
    const trace = newActivity(
      { orgId: contract.orgId, subjectType: "OPPORTUNITY", subjectId: contract.opportunityId, kind: "CONTRACT_EVENT_RECORDED", actorId: actor.viewer.id, note: contract.number, decision: event, changes: [{ field, old: null, new: day! }] },
      actor.deps.clock.now(),
    );
    markResult(contract.id);
    await commitCollections(actor.deps, [...collectionWrites(actor.deps, org, { prev, next, before: instalments, after }), actor.deps.store.quotes.contractActivityWrite(trace)]);
    return contract;
  });
}

/**
 * Finance marks the collection request sent (催款) for an instalment still owed: the "3 days before,
 * nothing requested" reminder is moot from then. Marking it again changes nothing.
 */
export async function requestCollection(actor: Actor, instalmentId: string): Promise<Instalment> {
  const org = await actor.org();
  return reapplyCollections(async () => {
    const contract = await signedContractFor(actor, contractIdOf(instalmentId), "FINANCE");
    const { prev, ledger, instalments } = await collectionsOf(actor.deps, contract);
    const found = instalments.find((i) => i.id === instalmentId);
    if (!found) throw new InstalmentNotFoundError(instalmentId);
    if (found.collectionRequestedAt) return found;
    // A dunning letter for money received is a clerk's slip, not a record to keep.
    if (isPaid(found)) {
      throw new ValidationError([{ path: ["instalmentId"], code: "ALREADY_PAID", text: { zh: "已全部回款，无需催款", en: "is paid in full: there is nothing to request" }, label: MONEY_LABELS.instalmentId }]);
    }
    const after = copy(instalments).map((i) => (i.id === instalmentId ? { ...i, collectionRequestedAt: actor.deps.clock.now().toISOString() } : i));
    markResult(instalmentId);
    await commitCollections(actor.deps, collectionWrites(actor.deps, org, { prev, next: ledger, before: instalments, after }));
    return after.find((i) => i.id === instalmentId)!;
  });
}
