import DataLoader from "dataloader";
import type { Page } from "../store";
import type { Actor } from "./actor";
import type { Activity, SubjectType } from "./activity";
import { type PageArgs, pageSize } from "./paging";

/**
 * A record's timeline (customer, deal, quote…), newest first; private notes appear to their author
 * only. The caller has already checked that the viewer may see the record.
 */
export function timelineOf(actor: Actor, subjectType: SubjectType, subjectId: string, args: PageArgs): Promise<Page<Activity>> {
  const first = pageSize(args);
  return actor.memo(`timeline:${subjectType}:${subjectId}:${first}:${args.after ?? ""}`, () =>
    args.after
      ? actor.deps.store.activities.page({ type: subjectType, id: subjectId }, actor.viewer.id, { first, after: args.after })
      : firstPages(actor).load({ type: subjectType, id: subjectId, first }),
  );
}

interface FirstPageAsk {
  type: SubjectType;
  id: string;
  first: number;
}

const firstPageLoaders = new WeakMap<Actor, DataLoader<FirstPageAsk, Page<Activity>, string>>();

/**
 * First pages of the timelines a request asks for in the same tick (a page of customers or deals,
 * each with its timeline): read together from the subjects' timeline heads, so the calls do not grow
 * with the page. A lone timeline (a record screen) is one Query, cheaper than heads and entries.
 */
function firstPages(actor: Actor) {
  let loader = firstPageLoaders.get(actor);
  if (!loader) {
    const { activities } = actor.deps.store;
    loader = new DataLoader(
      async (asks: readonly FirstPageAsk[]) =>
        asks.length === 1 ? [await activities.page(asks[0], actor.viewer.id, { first: asks[0].first })] : activities.firstPages([...asks], actor.viewer.id),
      { cacheKeyFn: (a) => `${a.type}:${a.id}:${a.first}` },
    );
    firstPageLoaders.set(actor, loader);
  }
  return loader;
}

/**
 * Starts reading a record's timeline before the viewer's right to see the record is settled (a
 * record screen asks for both): the page is only ever handed out by `timelineOf`, which runs once
 * the record resolved as visible. A page that fails or is never asked for is dropped quietly.
 */
export function prefetchTimeline(actor: Actor, subjectType: SubjectType, subjectId: string, args: PageArgs): void {
  try {
    timelineOf(actor, subjectType, subjectId, args).catch(() => undefined);
  } catch {
    // Bad paging arguments: the timeline field reports them itself.
  }
}
