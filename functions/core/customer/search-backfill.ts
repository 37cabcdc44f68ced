import type { Deps } from "../actor";
import type { Customer } from "./model";
import { searchText } from "./normalize";

/** What `searchText` holds: 2 = with the pinyin initials of the name. */
export const SEARCH_TEXT_VERSION = 2;

/**
 * Each sweep, for organizations whose customers' search texts are older than SEARCH_TEXT_VERSION
 * (once after a change to what is searched; afterwards one read per organization): every customer's
 * search text is computed again and written where it differs, unless the customer was edited
 * meanwhile (the edit wrote a current one). Returns how many customers were rewritten.
 */
export async function ensureSearchTextCurrent(deps: Deps): Promise<number> {
  const store = deps.store.customerSearch;
  let written = 0;
  for (const orgId of await deps.store.pipelineTotals.organizations()) {
    if ((await store.version(orgId)) >= SEARCH_TEXT_VERSION) continue;
    const startedAt = deps.clock.now().toISOString();
    let start: Record<string, unknown> | undefined;
    do {
      const { items, next } = await store.page(orgId, start);
      for (const item of items) {
        const c = item as unknown as Customer;
        const text = searchText(c);
        if (text !== c.searchText && (await store.rewrite(c.id, c.version, text))) written++;
      }
      start = next;
    } while (start);
    await store.markVersion(orgId, SEARCH_TEXT_VERSION, startedAt);
  }
  return written;
}
