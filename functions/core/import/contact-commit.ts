import { createActor, type Deps } from "../actor";
import { customerToChange } from "../customer/access";
import { updateCustomer } from "../customer/edit";
import { DomainError, VersionConflictError } from "../errors";
import { commitHooks } from "./commit";
import { startCommit } from "./importer";
import { type ContactRecord, sameContact } from "./contact-dry-run";
import type { ImportCounts, ImportJob, RowVerdict } from "./model";

/** Customers updated at once, each its own write with its version check. */
const BATCH_CUSTOMERS = 8;
const ATTEMPTS = 3;

/**
 * Adds the contacts the dry run passed, one updateCustomer per customer (its checks, its version
 * check, its timeline entry, here noting the file): primary contacts go first in the list, the
 * others after the customer's own. A contact already on the customer (same name or phone: written by
 * an earlier run that crashed, or by someone since) is not added again, so a re-run writes only what
 * is missing. Rows whose customer can no longer be edited are skipped.
 */
export async function commitContacts(deps: Deps, job: ImportJob, verdicts: RowVerdict[]): Promise<ImportCounts> {
  const { actor, counts } = await startCommit(deps, job);
  counts.skipped = verdicts.filter((v) => v.status === "DUPLICATE").length;
  await deps.store.imports.addProgress(job.id, counts.skipped);

  const byCustomer = new Map<string, ContactRecord[]>();
  for (const v of verdicts) {
    if (v.status !== "NEW") continue;
    const record = v.record as unknown as ContactRecord;
    byCustomer.set(record.customerId, [...(byCustomer.get(record.customerId) ?? []), record]);
  }
  const groups = [...byCustomer];
  const note = `从文件“${job.fileName}”导入`;
  let batches = 0;
  for (let i = 0; i < groups.length; i += BATCH_CUSTOMERS) {
    const batch = groups.slice(i, i + BATCH_CUSTOMERS);
    await Promise.all(
      batch.map(async ([customerId, records]) => {
        // A fresh actor per customer: its request cache must not hand back the version before the conflict.
        const added = await addContacts(actor, customerId, records, note);
        if (added) counts.created += records.length, (counts.updated += 1);
        else counts.skipped += records.length;
      }),
    );
    await deps.store.imports.addProgress(job.id, batch.reduce((n, [, r]) => n + r.length, 0));
    commitHooks.afterBatch?.(++batches);
  }
  return counts;
}

/** The customer's contacts with the records added; false when the customer cannot take them now. */
async function addContacts(actor: ReturnType<typeof createActor>, customerId: string, records: ContactRecord[], note: string): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const current = await customerToChange(actor, customerId, "edit");
      const missing = records.filter((r) => !current.contacts.some((c) => sameContact(c, r.contact)));
      if (!missing.length) return true;
      const contacts = [...missing.filter((r) => r.primary).map((r) => r.contact), ...current.contacts, ...missing.filter((r) => !r.primary).map((r) => r.contact)];
      await updateCustomer(actor, customerId, current.version, { contacts }, note);
      return true;
    } catch (error) {
      if (error instanceof VersionConflictError) continue; // someone saved first: read again
      if (error instanceof DomainError) return false; // no longer ours to edit, or past the contact limit now
      throw error;
    }
  }
  return false;
}
