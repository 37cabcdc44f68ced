import type { Page } from "../../store";
import { MAX_PAGE, type PageArgs } from "../paging";
import { ExportTooLargeError } from "./errors";

/** The most rows one export holds: a file a person opens, made within the API's 30 seconds. (Tests lower it.) */
export const exportLimits = { rows: 10_000 };

/**
 * Every item of a list, page after page through the same function the API's connection calls (so
 * the same scope and filter, read by index), stopping as soon as there are more than `limit`.
 */
export async function readAll<T>(list: (args: PageArgs) => Promise<Page<T>>, limit = exportLimits.rows): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = await list({ first: MAX_PAGE, after });
    items.push(...page.items);
    if (items.length > limit) throw new ExportTooLargeError(limit);
    if (!page.hasNextPage || !page.endCursor) return items;
    after = page.endCursor;
  }
}
