import { type Actor, type Deps } from "../actor";
import { newActivity } from "../activity";
import { VersionConflictError } from "../errors";
import { stagesEntered } from "../pipeline/criteria";
import type { Opportunity, StageVisit } from "../pipeline/model";
import { saveOpportunity } from "../pipeline/save";
import type { StageEvent } from "../pipeline/totals";
import { commitHooks, importedRecordId } from "./commit";
import { startCommit } from "./importer";
import type { ImportCounts, ImportJob, RowVerdict } from "./model";
import type { OpportunityRecord } from "./opportunity-rows";

/** Deals written at once; each is its own transaction, as createOpportunity's is (totals, SLA jobs, lists). */
const BATCH_ROWS = 10;

type NewRow = Extract<RowVerdict, { status: "NEW" }>;

/**
 * Writes the deals the dry run passed, each through createOpportunity's store write
 * (saveOpportunity: owner and customer lists, team keys, pipeline totals, stage SLA jobs, timeline
 * head) with one activity naming the file. A row's deal id comes from (import, row), and the write
 * requires that the deal does not exist: after a crash, the run again finds what landed and writes
 * only the rest. Duplicates are always skipped (a deal has no "empty fields" worth merging by title).
 */
export async function commitOpportunities(deps: Deps, job: ImportJob, verdicts: RowVerdict[]): Promise<ImportCounts> {
  const { actor, counts } = await startCommit(deps, job);
  counts.skipped = verdicts.filter((v) => v.status === "DUPLICATE").length;
  await deps.store.imports.addProgress(job.id, counts.skipped);

  const rows = verdicts.filter((v): v is NewRow => v.status === "NEW");
  let batches = 0;
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS);
    const [landed, customers, owners] = await Promise.all([
      deps.store.opportunities.getMany(batch.map((r) => importedRecordId(job.id, r.row))),
      deps.store.customers.getMany(batch.map((r) => (r.record as unknown as OpportunityRecord).customerId)),
      deps.store.users.getMany(batch.map((r) => r.ownerId as string)),
    ]);
    await Promise.all(
      batch.map(async (row, n) => {
        if (landed[n]) return void counts.created++;
        // The dry run may be hours old: a customer released to the pool since, or an owner deactivated, takes no new deal.
        if (!customers[n]?.ownerId || !owners[n]?.active) return void counts.skipped++;
        await writeDeal(actor, job, row);
        counts.created++;
      }),
    );
    await deps.store.imports.addProgress(job.id, batch.length);
    commitHooks.afterBatch?.(++batches);
  }
  return counts;
}

/** One deal as createOpportunity makes it, entered at the row's stage through each stage before it (their history and funnel events). */
async function writeDeal(actor: Actor, job: ImportJob, row: NewRow): Promise<void> {
  const record = row.record as unknown as OpportunityRecord;
  const now = actor.deps.clock.now();
  const at = now.toISOString();
  const path = ["LEAD" as const, ...stagesEntered("LEAD", record.stage)];
  const history: StageVisit[] = path.map((stage, i) => ({ stage, enteredAt: at, exitedAt: i < path.length - 1 ? at : null, movedBy: job.createdBy, reason: null, evidenceIds: [] }));
  const events: StageEvent[] = path.flatMap((stage, i): StageEvent[] => [
    { kind: "ENTERED", stage, at },
    ...(i < path.length - 1 ? [{ kind: "EXITED" as const, stage, at, dwellMs: 0 }] : []),
  ]);
  const o: Opportunity = {
    id: importedRecordId(job.id, row.row),
    orgId: job.orgId,
    customerId: record.customerId,
    ownerId: row.ownerId as string,
    ...record.fields,
    stage: record.stage,
    stageEnteredAt: at,
    lostReason: null,
    stageHistory: history,
    wonAt: null,
    lostAt: null,
    createdAt: at,
    createdBy: job.createdBy,
    updatedAt: at,
    version: 1,
  };
  const activity = newActivity(
    { orgId: o.orgId, subjectType: "OPPORTUNITY", subjectId: o.id, kind: "CREATED", actorId: job.createdBy, note: `从文件“${job.fileName}”导入` },
    now,
  );
  try {
    await saveOpportunity(actor, null, o, activity, events);
  } catch (error) {
    // Landed meanwhile (a retry of the same commit running beside this one): it is there once.
    if (!(error instanceof VersionConflictError)) throw error;
  }
}
