/**
 * Where the last page of a union of partitions ended (a rep's own customers and the pool, a
 * manager's pool and team), remembered in this process: the same people open the same lists again
 * and again, and the items of the next such page are, but for what changed since, those up to the
 * same sort key. Each partition is then read only up to that key, so the union costs about the
 * items of one page (DynamoDB's cost grows with the items read) instead of a whole page from each.
 *
 * Only a hint: a partition read up to the edge is read on past it when the page is not yet full
 * (mergedPage reads on until every partition has passed the page's end), so a stale edge costs a
 * round trip, never a wrong page. A process that has not read the union yet reads whole pages.
 */
const MAX_EDGES = 5_000;
const edges = new Map<string, string>();

/** A page of a union of partitions, as the hint's key: which partitions, how narrowed, from where, how many. */
export const pageSignature = (partitions: readonly string[], ...rest: (string | number | boolean | null | undefined)[]) =>
  JSON.stringify([[...partitions].sort(), ...rest]);

/** The sort key of the item just past the last such page, if this process read one. */
export const rememberedEdge = (signature: string): string | undefined => edges.get(signature);

/** `edge`: the sort key of the item just past the page; undefined when the union ended within it. */
export function rememberEdge(signature: string, edge: string | undefined): void {
  edges.delete(signature);
  if (edge === undefined) return;
  if (edges.size >= MAX_EDGES) edges.delete(edges.keys().next().value as string);
  edges.set(signature, edge);
}
