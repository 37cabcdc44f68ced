import type { Deps } from "../../functions/core/actor";
import type { Organization } from "../../functions/core/organization";
import { DEFAULT_WORK_ORDER_TYPES } from "../../functions/core/work-order/default-types";
import { newWorkOrder, creationWrites } from "../../functions/core/work-order/open";
import { batchPut } from "../../functions/store/batch";

const HOUR = 3_600_000;

/**
 * For a sweep bench: `count` open work orders (non-standard design requests to TECH) with their two
 * WORK_ORDER_SLA jobs, written through the same item codecs the API uses; `dueShare` of them (e.g.
 * 0.01) have their response deadline a minute before `now`, the others a month ahead.
 */
export async function loadBenchWorkOrders(deps: Deps, org: Organization, opts: { count: number; dueShare: number; requesterIds: string[]; now: Date }) {
  const type = DEFAULT_WORK_ORDER_TYPES.find((t) => t.key === "NON_STANDARD_DESIGN")!;
  const due = Math.round(opts.count * opts.dueShare);
  const items: Record<string, unknown>[] = [];
  for (let n = 0; n < opts.count; n++) {
    const wo = newWorkOrder(deps, org, type, {
      customerId: null,
      opportunityId: null,
      quoteId: null,
      contractId: null,
      title: `非标设计 BENCH-${n}`,
      urgent: false,
      fields: { requirement: "加长阀杆" },
      createdBy: opts.requesterIds[n % opts.requesterIds.length],
    });
    const at = (ms: number) => new Date(opts.now.getTime() + ms).toISOString();
    const timed = n < due ? { ...wo, responseDueAt: at(-60_000), resolutionDueAt: at(30 * 24 * HOUR) } : { ...wo, responseDueAt: at(30 * 24 * HOUR), resolutionDueAt: at(60 * 24 * HOUR) };
    for (const w of creationWrites(deps, timed, timed.createdBy)) if (w.item.Put?.Item) items.push(w.item.Put.Item);
  }
  await batchPut(deps.store.db, items);
  return { due };
}
