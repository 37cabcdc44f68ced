import DataLoader from "dataloader";
import type { Store } from "../store";
import type { QuoteChildren } from "../store/quote-children";
import type { QuoteSend } from "./quote-delivery/model";
import type { QuoteAcceptance, QuoteChangeRequest } from "./quote-response/model";

const bySentAt = (a: QuoteSend, b: QuoteSend) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id);
const byRequestedAt = (a: QuoteChangeRequest, b: QuoteChangeRequest) => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id);

/**
 * A page of quotes with their sends, change requests and acceptance in BatchGetItem calls: the quotes'
 * children items name every send and change request (store/quote-children.ts), and an acceptance's key
 * follows from the revision. An older quote's children item is completed once from its partition.
 * No cache: a send or answer made earlier in the same request (a document of several mutations) shows.
 * Only what the API shows reads through here; decisions (the day's change-request limit) read the partition.
 */
export function quoteChildrenLoaders(store: Store) {
  // Without a cache the same quote may be asked for twice in a batch (its sends and its requests): `read` reads it once.
  const quoteChildren = new DataLoader<string, QuoteChildren>(
    (quoteIds) =>
      store.quoteChildren.read(quoteIds, async (id) => {
        const [sends, requests] = await Promise.all([store.quoteSends.forQuote(id), store.quoteResponses.changeRequests(id)]);
        return { sendIds: sends.map((s) => s.id), changeRequestIds: requests.map((r) => r.id) };
      }),
    { cache: false, maxBatchSize: 100 },
  );

  /** Children of each quote, read by key: `read` gets the items of all the refs in one go. */
  const childrenOf =
    <T extends { quoteId: string }>(pick: (c: QuoteChildren) => string[], read: (refs: { quoteId: string; id: string }[]) => Promise<(T | null)[]>, order: (a: T, b: T) => number) =>
    async (quoteIds: readonly string[]): Promise<T[][]> => {
      const children = await quoteChildren.loadMany(quoteIds);
      const refs = quoteIds.flatMap((quoteId, i) => {
        const c = children[i];
        return c instanceof Error ? [] : pick(c).map((id) => ({ quoteId, id }));
      });
      const found = (await read(refs)).filter((x) => x !== null);
      return quoteIds.map((id) => found.filter((x) => x.quoteId === id).sort(order));
    };

  /** A quote's sends, oldest first. */
  const quoteSends = new DataLoader<string, QuoteSend[]>(
    childrenOf((c) => c.sendIds, (refs) => store.quoteSends.getMany(refs), bySentAt),
    { cache: false },
  );

  /** A quote's change requests, oldest first. */
  const quoteChangeRequests = new DataLoader<string, QuoteChangeRequest[]>(
    childrenOf((c) => c.changeRequestIds, (refs) => store.quoteResponses.changeRequestsByIds(refs), byRequestedAt),
    { cache: false },
  );

  /** A quote's latest acceptance (any revision up to its current one). */
  const quoteAcceptance = new DataLoader<{ id: string; revision: number }, QuoteAcceptance | null, string>(
    async (quotes) => {
      const latest = await store.quoteResponses.latestAcceptances(quotes);
      return quotes.map((q) => latest.get(q.id) ?? null);
    },
    { cache: false, cacheKeyFn: (q) => `${q.id}#${q.revision}` },
  );

  return { quoteChildren, quoteSends, quoteChangeRequests, quoteAcceptance };
}
