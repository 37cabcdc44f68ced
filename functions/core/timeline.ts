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
    actor.deps.store.activities.page({ type: subjectType, id: subjectId }, actor.viewer.id, { first, after: args.after }),
  );
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
