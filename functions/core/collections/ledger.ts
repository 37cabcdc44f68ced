import { ConditionFailedError } from "../../store";
import type { LabeledWrite } from "../../store/transact";
import type { Deps } from "../actor";
import type { Contract } from "../contract/model";
import { VersionConflictError } from "../errors";
import { reapplyOnConflict } from "../reapply";
import type { Organization } from "../organization";
import { instalmentsOf } from "./instalments";
import type { Instalment, Ledger } from "./model";
import { firstPaymentJobWrite, instalmentJobWrite } from "./schedule";

/**
 * A contract's collections read for a change: the ledger first, then its instalments. In that order
 * the ledger's version guards what was read: a change committed between the two reads moved the
 * ledger on, so writing at the version read fails and the change is read again. Read side by side,
 * the instalments could predate a change the ledger already shows, and writing them back would lose it.
 */
export async function loadCollections(deps: Deps, contractId: string) {
  const ledger = await deps.store.instalments.ledger(contractId);
  const instalments = await deps.store.instalments.forContract(contractId);
  return { ledger, instalments: instalments.sort((a, b) => a.index - b.index) };
}

/**
 * The writes of one change to a contract's collections: the ledger at its next version (the lock:
 * a change made on an older reading fails), each instalment that changed, lines a shorter plan no
 * longer has, and each touched instalment's reminder job moved, in the same transaction.
 */
export function collectionWrites(deps: Deps, org: Organization, c: { prev: Ledger | null; next: Ledger; before: Instalment[]; after: Instalment[] }): LabeledWrite[] {
  const now = deps.clock.now().toISOString();
  const was = new Map(c.before.map((i) => [i.id, JSON.stringify(i)]));
  const changed = c.after.filter((i) => was.get(i.id) !== JSON.stringify(i));
  const gone = c.before.filter((b) => !c.after.some((a) => a.id === b.id));
  const next = { ...c.next, version: (c.prev?.version ?? 0) + 1 };
  const firstPaymentChanged = !c.prev || (c.prev.receivedFen === 0) !== (next.receivedFen === 0);
  return [
    deps.store.instalments.ledgerWrite(next, c.prev?.version ?? null),
    ...changed.flatMap((i) => [deps.store.instalments.write(i), instalmentJobWrite(deps, i, org, now)]),
    ...gone.flatMap((i) => [deps.store.instalments.removeWrite(i), { ...deps.store.dueJobs.cancelWrite("COLLECTION", i.id), label: `due:COLLECTION:${i.id}` }]),
    ...(firstPaymentChanged ? [firstPaymentJobWrite(deps, next, org)] : []),
  ];
}

/** Writes them (with any others); someone who changed the contract's collections first makes this a conflict: read again. */
export async function commitCollections(deps: Deps, writes: LabeledWrite[]): Promise<void> {
  try {
    await deps.store.instalments.save(writes);
  } catch (error) {
    if (error instanceof ConditionFailedError && error.failed.some((l) => l.startsWith("ledger:") || l.startsWith("contract:") || l === "payment" || l === "invoice")) throw new VersionConflictError(null, 0);
    // Other transactions kept touching the same items past transact's own retries: read again too.
    if ((error as { name?: string }).name === "TransactionCanceledException") throw new VersionConflictError(null, 0);
    throw error;
  }
}

/** What signing adds to its transaction: the ledger and the plan's instalments, with their reminders. */
export function writesAtSigning(deps: Deps, org: Organization, signed: Contract): LabeledWrite[] {
  const ledger: Ledger = { contractId: signed.id, orgId: signed.orgId, signedOn: signed.signedOn!, deliveredOn: null, acceptedOn: null, invoicedFen: 0, receivedFen: 0, version: 0 };
  return collectionWrites(deps, org, { prev: null, next: ledger, before: [], after: instalmentsOf(signed, ledger) });
}

/**
 * Reads again and reapplies when someone changed the contract's collections first. A conflict that
 * carries what is stored now is the caller's (they named a stale version): not reapplied.
 */
export const reapplyCollections = <T>(apply: () => Promise<T>): Promise<T> => reapplyOnConflict(apply, { when: (e) => e.current == null });
