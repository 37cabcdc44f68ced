import type { Actor } from "../actor";
import type { Contract } from "../contract/model";
import { NotFoundError } from "../errors";
import { localDay } from "../local-day";
import { Checker } from "../validate";
import { signedContractFor } from "./access";
import { collectionsOf, copy } from "./ensure";
import { EventAlreadyRecordedError } from "./errors";
import { dueDateOf } from "./instalments";
import { collectionWrites, commitCollections, reapplyCollections } from "./ledger";
import { contractIdOf, type Instalment } from "./model";

type ContractEvent = "DELIVERY" | "ACCEPTANCE";
const FIELD = { DELIVERY: "deliveredOn", ACCEPTANCE: "acceptedOn" } as const;

/**
 * Records the contract's delivery or acceptance (the owner's side or finance): the day is not in the
 * future, not before the signing (acceptance not before delivery), and is recorded once; it fixes the
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
    const c = new Checker();
    const day = c.day(field, on);
    const today = localDay(actor.deps.clock.now(), org.timeZone);
    const earliest = event === "ACCEPTANCE" && ledger.deliveredOn ? ledger.deliveredOn : ledger.signedOn;
    if (day && day > today) c.fail(field, "IN_FUTURE", { zh: `不能晚于今天（${today}）`, en: `cannot be after today (${today})` });
    if (day && day < earliest) {
      c.fail(field, earliest === ledger.signedOn ? "BEFORE_SIGNING" : "BEFORE_DELIVERY", {
        zh: `不能早于${earliest === ledger.signedOn ? "合同签订日" : "交付日"}（${earliest}）`,
        en: `cannot be before the ${earliest === ledger.signedOn ? "signing" : "delivery"} (${earliest})`,
      });
    }
    c.done();
    const next = { ...ledger, [field]: day! };
    const after = copy(instalments).map((i) => ({ ...i, dueOn: dueDateOf(i, next) }));
    await commitCollections(actor.deps, collectionWrites(actor.deps, org, { prev, next, before: instalments, after }));
    return contract;
  });
}

/**
 * Finance marks the collection request sent (催款) for an instalment: the "3 days before, nothing
 * requested" reminder is moot from then. Marking it again changes nothing.
 */
export async function requestCollection(actor: Actor, instalmentId: string): Promise<Instalment> {
  const org = await actor.org();
  return reapplyCollections(async () => {
    const contract = await signedContractFor(actor, contractIdOf(instalmentId), "FINANCE");
    const { prev, ledger, instalments } = await collectionsOf(actor.deps, contract);
    const found = instalments.find((i) => i.id === instalmentId);
    if (!found) throw new NotFoundError("Instalment", instalmentId);
    if (found.collectionRequestedAt) return found;
    const after = copy(instalments).map((i) => (i.id === instalmentId ? { ...i, collectionRequestedAt: actor.deps.clock.now().toISOString() } : i));
    await commitCollections(actor.deps, collectionWrites(actor.deps, org, { prev, next: ledger, before: instalments, after }));
    return after.find((i) => i.id === instalmentId)!;
  });
}
