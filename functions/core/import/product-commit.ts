import type { Deps } from "../actor";
import { VersionConflictError } from "../errors";
import { createProduct } from "../product";
import { DuplicateProductCodeError } from "../product/errors";
import type { ProductInput } from "../product/input";
import { commitHooks, importedRecordId } from "./commit";
import { startCommit } from "./importer";
import type { ImportCounts, ImportJob, RowVerdict } from "./model";

const BATCH_ROWS = 10;

/**
 * Creates the products the dry run passed through createProduct itself (its role check, its checks,
 * its code claim, its timeline entry, here noting the file), each with an id derived from (import,
 * row): a re-run after a crash finds what landed and creates only the rest. A code taken since the
 * dry run is skipped.
 */
export async function commitProducts(deps: Deps, job: ImportJob, verdicts: RowVerdict[]): Promise<ImportCounts> {
  const { actor, counts } = await startCommit(deps, job);
  counts.skipped = verdicts.filter((v) => v.status === "DUPLICATE").length;
  await deps.store.imports.addProgress(job.id, counts.skipped);
  const note = `从文件“${job.fileName}”导入`;
  const rows = verdicts.filter((v): v is Extract<RowVerdict, { status: "NEW" }> => v.status === "NEW");
  let batches = 0;
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS);
    const ids = batch.map((r) => importedRecordId(job.id, r.row));
    const landed = await deps.store.products.getMany(ids);
    await Promise.all(
      batch.map(async (row, n) => {
        if (landed[n]) return void counts.created++;
        try {
          await createProduct(actor, row.record as ProductInput, { id: ids[n], note });
          counts.created++;
        } catch (error) {
          // Another run of this commit wrote it (its own code), or someone took the code since the dry run.
          if (error instanceof DuplicateProductCodeError && error.existingProductId === ids[n]) counts.created++;
          else if (error instanceof DuplicateProductCodeError) counts.skipped++;
          else if (error instanceof VersionConflictError) counts.created++;
          else throw error;
        }
      }),
    );
    await deps.store.imports.addProgress(job.id, batch.length);
    commitHooks.afterBatch?.(++batches);
  }
  return counts;
}
