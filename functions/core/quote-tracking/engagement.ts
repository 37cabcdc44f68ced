import DataLoader from "dataloader";
import type { Actor } from "../actor";
import type { Page } from "../../store";
import type { EngagementItem } from "../../store/quote-engagement";
import type { PageEngagement, QuoteEngagement, QuoteVisit, VisitKind } from "./model";

const PAGE_COUNTER = /^page#(\d+)#(\d+)#(ms|visits)$/;
const seconds = (ms: unknown) => Math.round(Number(ms ?? 0) / 1000);

/** The stored counters as figures: per page of each revision sent, in page order. */
export function engagementOf(item: EngagementItem | null): QuoteEngagement {
  const pages = new Map<string, PageEngagement>();
  for (const [name, value] of Object.entries(item ?? {})) {
    const m = PAGE_COUNTER.exec(name);
    if (!m) continue;
    const id = `${m[1]}#${m[2]}`;
    const p = pages.get(id) ?? { revision: Number(m[1]), page: Number(m[2]), dwellSeconds: 0, visits: 0 };
    if (m[3] === "ms") p.dwellSeconds = seconds(value);
    else p.visits = Number(value);
    pages.set(id, p);
  }
  return {
    firstHumanViewAt: (item?.firstHumanViewAt as string | undefined) ?? null,
    humanVisits: Number(item?.humanVisits ?? 0),
    totalDwellSeconds: seconds(item?.totalDwellMs),
    lastSeenAt: (item?.lastSeenAt as string | undefined) ?? null,
    machineViews: Number(item?.machineViews ?? 0),
    internalViews: Number(item?.internalViews ?? 0),
    pages: [...pages.values()].sort((a, b) => a.revision - b.revision || a.page - b.page),
  };
}

/** Per request: the engagement of every quote in a list in one batch read. */
const loaders = new WeakMap<Actor, DataLoader<string, QuoteEngagement>>();

/** The engagement of a quote the actor may see (the caller checked). */
export function quoteEngagement(actor: Actor, quoteId: string): Promise<QuoteEngagement> {
  let loader = loaders.get(actor);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => (await actor.deps.store.quoteEngagement.getMany(ids)).map(engagementOf), { maxBatchSize: 100 });
    loaders.set(actor, loader);
  }
  return loader.load(quoteId);
}

/** Visits of one kind to a quote the actor may see, newest first. */
export const quoteVisits = (actor: Actor, quoteId: string, kind: VisitKind, page: { first: number; after: string | null }): Promise<Page<QuoteVisit>> =>
  actor.deps.store.quoteVisits.visits(quoteId, kind, page.first, page.after);
