import { createHash } from "node:crypto";
import { ConditionFailedError } from "../../store";
import type { CustomerChange } from "../../store/customers";
import type { Actor, Deps } from "../actor";
import { newActivity } from "../activity";
import { checkNewOwner, newCustomer } from "../customer/edit";
import { ForbiddenError, ValidationError } from "../errors";
import type { User } from "../user/model";
import type { CustomerFields } from "../customer/model";
import { fillEmptyFields } from "./fill";
import { startCommit } from "./importer";
import type { ImportCounts, ImportJob, OnDuplicate, RowVerdict } from "./model";

/** Rows per transaction: a customer is five writes and its timeline head; owner counters come on top (≤ 100 in all). */
const BATCH_ROWS = 14;
/** Transactions in flight at once; each owner's rows stay in one lane, so lanes never race on an owner's counter. */
const LANES = 4;
const PROGRESS_EVERY = 200;

/** A test's stand-in for a crash: called after each batch lands (throw to stop the commit there). */
export const commitHooks: { afterBatch?: (batchNumber: number) => void } = {};

type NewRow = Extract<RowVerdict, { status: "NEW" }>;

/**
 * A row's customer id, the same on every run of this import: a re-run after a crash finds the
 * customers that landed (and their activities, claims and counters, written in the same
 * transaction) and writes only the rest. Time part of the import's id, so the import's customers
 * sort where their import does.
 */
export function importedCustomerId(importId: string, row: number): string {
  const digest = createHash("sha256").update(`${importId}#${row}`).digest();
  const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let tail = "";
  for (let i = 0; i < 16; i++) tail += CROCKFORD[digest[i] & 31];
  return importId.slice(0, 10) + tail;
}

/** The same derivation for any kind's record (a deal, a product): one id per (import, row), on every run. */
export const importedRecordId = importedCustomerId;

/**
 * Writes what the dry run passed: new customers in transactions through the same store write as
 * createCustomer (claims, counters, team keys, timeline), each with one activity naming the file;
 * rows past their owner's holding limit go to the pool. Safe to run again after a crash: nothing is
 * written twice and the counts come out the same.
 */
export async function commitCustomers(deps: Deps, job: ImportJob, verdicts: RowVerdict[], onDuplicate: OnDuplicate): Promise<ImportCounts> {
  const { actor, counts } = await startCommit(deps, job);
  const limit = (await actor.org()).maxCustomersPerOwner;
  const note = `从文件“${job.fileName}”导入`;

  for (const v of verdicts) {
    if (v.status !== "DUPLICATE") continue;
    if (onDuplicate === "UPDATE_EMPTY_FIELDS" && v.existingId && (await fillEmptyFields(actor, v.existingId, v.record as unknown as CustomerFields, note))) counts.updated++;
    else counts.skipped++;
  }
  await deps.store.imports.addProgress(job.id, counts.updated + counts.skipped);

  const newRows = verdicts.filter((v): v is NewRow => v.status === "NEW");
  const owners = [...new Set(newRows.flatMap((r) => (r.ownerId ? [r.ownerId] : [])))];
  const ownerUsers = await stillValidOwners(actor, owners);
  // An owner deactivated or moved out of the importer's team since the dry run: their rows are skipped, not given away.
  const rows = newRows.filter((r) => !r.ownerId || ownerUsers.some((u) => u.id === r.ownerId));
  const refused = newRows.filter((r) => !rows.includes(r));
  // A run before this one may have written some of them while the owner was still valid: those count as created.
  const landedBefore = await deps.store.customers.getMany(refused.map((r) => importedCustomerId(job.id, r.row)));
  refused.forEach((r, i) => (landedBefore[i] ? tally(counts, r, landedBefore[i]?.ownerId ?? null) : counts.skipped++));
  if (refused.length) await deps.store.imports.addProgress(job.id, refused.length);
  const room = new Map(ownerUsers.map((u) => [u.id, limit - (u.ownedCount ?? 0)]));
  // Each owner's manager for the team keys, read here once rather than by every transaction.
  const managers = new Map(ownerUsers.map((u) => [u.id, u.managerId ?? null]));
  const save = (changes: CustomerChange[]) => deps.store.customers.save(changes, { ownerLimit: limit, managers });
  const lanes: NewRow[][] = Array.from({ length: LANES }, () => []);
  for (const r of rows) lanes[r.ownerId ? laneOf(r.ownerId) : r.row % LANES].push(r);

  let batches = 0;
  let stopped = false;
  /** Owners for the rows (the pool past a limit), taken from `room`; `giveBack` returns what a refused write did not use. */
  const allot = (batch: NewRow[]) =>
    batch.map((row) => {
      let ownerId = row.ownerId;
      if (ownerId && (room.get(ownerId) ?? 0) <= 0) ownerId = null;
      if (ownerId) room.set(ownerId, (room.get(ownerId) as number) - 1);
      return { row, change: newRow(actor, job, row, ownerId, note) };
    });
  const giveBack = (pending: { change: CustomerChange }[]) => {
    for (const { change } of pending) if (change.next.ownerId) room.set(change.next.ownerId, (room.get(change.next.ownerId) ?? 0) + 1);
  };
  const writeBatch = async (batch: NewRow[]): Promise<void> => {
    if (!batch.length) return;
    const pending = allot(batch);
    try {
      await save(pending.map((p) => p.change));
      for (const p of pending) tally(counts, p.row, p.change.next.ownerId);
      return;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      giveBack(pending);
      if (error.failed.some((f) => f.startsWith("customer:"))) {
        // A run before this one got this far: count what landed then (its owners' counters have it already), write the rest.
        const landed = await deps.store.customers.getMany(pending.map((p) => p.change.next.id));
        batch.forEach((row, i) => landed[i] && tally(counts, row, landed[i]?.ownerId ?? null));
        if (landed.some(Boolean)) return writeBatch(batch.filter((_, i) => !landed[i]));
      }
    }
    // Something changed since the dry run (a duplicate created meanwhile, an owner given customers): row by row.
    for (const p of allot(batch)) {
      const outcome = await saveAlone(actor, job, p.row, p.change, limit, note);
      if (outcome === "duplicate" || !outcome.fresh) giveBack([p]);
      tallyOutcome(counts, p.row, outcome);
    }
  };
  const runLane = async (lane: NewRow[]) => {
    let unreported = 0;
    for (let i = 0; i < lane.length && !stopped; i += BATCH_ROWS) {
      const batch = lane.slice(i, i + BATCH_ROWS);
      await writeBatch(batch);
      unreported += batch.length;
      // Progress every few hundred rows: one update per batch would be a tenth of the commit's calls.
      if (unreported >= PROGRESS_EVERY || i + BATCH_ROWS >= lane.length) await deps.store.imports.addProgress(job.id, unreported), (unreported = 0);
      commitHooks.afterBatch?.(++batches);
    }
  };
  const results = await Promise.allSettled(lanes.map((lane) => runLane(lane).catch((e) => ((stopped = true), Promise.reject(e)))));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return counts;
}

/** The owners the dry run accepted who may still be given customers by this importer (checkNewOwner again, as things may have changed). */
async function stillValidOwners(actor: Actor, ids: string[]): Promise<User[]> {
  const team = await actor.team();
  return (await actor.deps.store.users.getMany(ids)).flatMap((u) => {
    try {
      checkNewOwner(actor.viewer, u, team, "owner");
      return u ? [u] : [];
    } catch (error) {
      if (error instanceof ValidationError || error instanceof ForbiddenError) return [];
      throw error;
    }
  });
}

function laneOf(ownerId: string): number {
  let h = 0;
  for (const ch of ownerId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % LANES;
}

function newRow(actor: Actor, job: ImportJob, row: NewRow, ownerId: string | null, note: string): CustomerChange {
  const now = actor.deps.clock.now();
  const customer = newCustomer({
    id: importedCustomerId(job.id, row.row),
    orgId: job.orgId,
    fields: row.record as unknown as CustomerFields,
    ownerId,
    createdBy: job.createdBy,
    at: now.toISOString(),
  });
  const activity = newActivity(
    { orgId: job.orgId, subjectType: "CUSTOMER", subjectId: customer.id, kind: "CREATED", actorId: job.createdBy, toOwnerId: ownerId, note },
    now,
  );
  return { prev: null, next: customer, activity };
}

/** Landed (with its owner; `fresh`: by this write, not an earlier run's), or a duplicate now. */
type Outcome = { landed: string | null; fresh: boolean } | "duplicate";

/** One row on its own, after its batch was refused: landed already, a duplicate now, or past its owner's limit (to the pool). */
async function saveAlone(actor: Actor, job: ImportJob, row: NewRow, change: CustomerChange, limit: number, note: string): Promise<Outcome> {
  try {
    await actor.deps.store.customers.save([change], { ownerLimit: limit });
    return { landed: change.next.ownerId, fresh: true };
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    if (error.failed.includes(`customer:${change.next.id}`)) {
      const [found] = await actor.deps.store.customers.getMany([change.next.id]);
      return { landed: found?.ownerId ?? null, fresh: false };
    }
    if (error.failed.some((f) => f === "creditCode" || f === "name")) return "duplicate";
    if (error.failed.some((f) => f.startsWith("owner:")) && change.next.ownerId) return saveAlone(actor, job, row, newRow(actor, job, row, null, note), limit, note);
    throw error;
  }
}

function tallyOutcome(counts: ImportCounts, row: NewRow, outcome: Outcome) {
  if (outcome === "duplicate") counts.skipped++;
  else tally(counts, row, outcome.landed);
}

/** A row's customer is in: created, and pooled when it wanted an owner but went to the pool. */
function tally(counts: ImportCounts, row: NewRow, ownerId: string | null) {
  counts.created++;
  if (row.ownerId && !ownerId) counts.pooled++;
}
