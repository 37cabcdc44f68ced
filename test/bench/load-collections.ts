import type { Deps } from "../../functions/core/actor";
import { instalmentId, type Instalment } from "../../functions/core/collections/model";
import { instalmentJobWrite } from "../../functions/core/collections/schedule";
import { newId } from "../../functions/core/ids";
import { addDays, localDay } from "../../functions/core/local-day";
import type { Organization } from "../../functions/core/organization";
import { batchPut } from "../../functions/store/batch";

/**
 * For a sweep bench: `count` open instalments of signed contracts (4 a contract) with their COLLECTION
 * reminder jobs, written through the same item codecs the API uses; `dueShare` of them (e.g. 0.01)
 * have a reminder due now, the rest months ahead. The contracts are not written here: the bench
 * writes those of the due ones (`dueContracts`), so their reminders are judged and sent for real.
 */
export async function loadBenchInstalments(deps: Deps, org: Organization, opts: { count: number; dueShare: number; ownerIds: string[]; now: Date }) {
  const today = localDay(opts.now, org.timeZone);
  const items: Record<string, unknown>[] = [];
  const due = Math.round(opts.count * opts.dueShare);
  const dueContracts: string[] = [];
  let contractId = newId(opts.now);
  for (let n = 0; n < opts.count; n++) {
    if (n % 4 === 0) contractId = newId(opts.now);
    const i: Instalment = {
      id: instalmentId(contractId, (n % 4) + 1),
      orgId: org.id,
      contractId,
      contractNumber: `HT-BENCH-${n >> 2}`,
      opportunityId: contractId,
      customerId: contractId,
      ownerId: opts.ownerIds[n % opts.ownerIds.length],
      index: (n % 4) + 1,
      label: "到货款",
      amountFen: 1_000_000,
      currency: "CNY",
      dueAfter: null,
      dueAfterDays: null,
      // Due ones: today (their "due today" reminder is due); the others 60 days or more ahead.
      dueOn: n < due ? today : addDays(today, 60 + (n % 300)),
      signedOn: addDays(today, -30),
      invoices: [],
      payments: [],
      collectionRequestedAt: null,
    };
    if (n < due) dueContracts.push(contractId);
    const put = (w: { item: { Put?: { Item?: Record<string, unknown> } } }) => w.item.Put!.Item!;
    items.push(put(deps.store.instalments.write(i)), put(instalmentJobWrite(deps, i, org, opts.now.toISOString())));
  }
  await batchPut(deps.store.db, items);
  return { due, dueContracts };
}
