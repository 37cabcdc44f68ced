import type { Deps } from "../actor";

/** Deals filed per organization and sweep: the sweep stays short however large the organization. */
const DEALS_PER_RUN = 200;

/**
 * Once per organization, a few hundred deals a sweep: quotes and contracts written before the quote
 * and contract lists existed get their list keys, and each deal its children item (quote, contract
 * and evidence ids), so they appear in `quotes` / `contracts` and nested lists read them in batches.
 * Everything written since carries both already; this reads each older deal's partitions once.
 * After the last deal the marker says done, and later sweeps pay one BatchGetItem for all markers.
 */
export async function fileDealLists(deps: Deps): Promise<number> {
  const { store } = deps;
  const orgIds = await store.pipelineTotals.organizations();
  if (!orgIds.length) return 0;
  const states = await store.dealLists.backfillStates(orgIds);
  let filed = 0;
  for (const [i, orgId] of orgIds.entries()) {
    if (states[i]?.done) continue;
    const { ids, cursor } = await store.dealLists.dealIds(orgId, DEALS_PER_RUN, states[i]?.cursor);
    for (const id of ids) {
      const [quotes, contracts, evidence] = await Promise.all([store.quotes.forOpportunity(id), store.quotes.contractsForOpportunity(id), store.opportunities.evidence(id)]);
      await Promise.all([...quotes.map((q) => store.dealLists.fileListKeys("QUOTE", q)), ...contracts.map((c) => store.dealLists.fileListKeys("CONTRACT", c))]);
      await store.dealChildren.complete(id, { quoteIds: quotes.map((q) => q.id), contractIds: contracts.map((c) => c.id), evidenceIds: evidence.map((e) => e.id) });
    }
    filed += ids.length;
    await store.dealLists.saveBackfill(orgId, { done: !cursor, cursor }, deps.clock.now().toISOString());
  }
  return filed;
}
