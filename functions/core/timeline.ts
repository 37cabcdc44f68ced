import type { Page } from "../store";
import type { Actor } from "./actor";
import type { Activity, SubjectType } from "./activity";
import { type PageArgs, pageSize } from "./paging";

/**
 * A record's timeline (customer, deal, quote…), newest first; private notes appear to their author
 * only. The caller has already checked that the viewer may see the record.
 */
export function timelineOf(actor: Actor, subjectType: SubjectType, subjectId: string, args: PageArgs): Promise<Page<Activity>> {
  return actor.deps.store.activities.page({ type: subjectType, id: subjectId }, actor.viewer.id, { first: pageSize(args), after: args.after });
}
