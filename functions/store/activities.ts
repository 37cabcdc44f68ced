import { GetCommand } from "./dynamo";
import type { Activity, SubjectType } from "../core/activity";
import type { Db } from "./client";
import { key, stripKeys } from "./keys";
import { mergedPage, type Page } from "./page";
import { firstTimelinePages } from "./timeline-pages";
import { type LabeledWrite, transact } from "./transact";

const SUBJECT_KEYS: Record<SubjectType, (id: string) => { pk: string }> = {
  CUSTOMER: key.customer,
  USER: key.user,
  ORGANIZATION: key.org,
  OPPORTUNITY: key.opportunity,
  QUOTE: key.quote,
  CONTRACT: key.contract,
  PRODUCT: key.product,
  WORK_ORDER: key.workOrder,
};

export const subjectPk = (type: SubjectType, id: string) => SUBJECT_KEYS[type](id).pk;

export function activityItem(a: Activity) {
  return { ...key.activity(subjectPk(a.subjectType, a.subjectId), a.at, a.id), _type: "Activity", ...a };
}

/** The activity's write inside a transaction; it never overwrites an earlier entry. */
export const activityWrite = (db: Db, a: Activity): LabeledWrite => ({
  label: "activity",
  item: { Put: { TableName: db.table, Item: activityItem(a), ConditionExpression: "attribute_not_exists(pk)" } },
});

export function activityStore(db: Db) {
  const store = {
    /** With its timeline head, in one transaction (transact.ts). */
    async put(a: Activity): Promise<void> {
      await transact(db, [activityWrite(db, a)]);
    },

    /** One entry by its subject, time and id (a replayed idempotent request reads what it wrote). */
    async get(subjectType: SubjectType, subjectId: string, at: string, id: string): Promise<Activity | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.activity(subjectPk(subjectType, subjectId), at, id), ConsistentRead: true }));
      return out.Item ? stripKeys<Activity>(out.Item) : null;
    },


    /** Newest first; private notes only for their author. */
    async page(
      subject: { type: SubjectType; id: string },
      viewerId: string,
      opts: { first: number; after?: string | null },
    ): Promise<Page<Activity>> {
      const page = await mergedPage(db, {
        index: null,
        partitions: [subjectPk(subject.type, subject.id)],
        sortKeyPrefix: "ACT#",
        first: opts.first,
        after: opts.after,
        filter: {
          expression: "attribute_not_exists(visibleTo) OR visibleTo = :viewer",
          names: {},
          values: { ":viewer": viewerId },
        },
      });
      return { ...page, items: page.items.map((i) => stripKeys<Activity>(i)) };
    },

    /** First pages of many subjects' timelines in a few BatchGetItem calls (store/timeline-pages.ts), in the order asked. */
    firstPages(subjects: { type: SubjectType; id: string; first: number }[], viewerId: string): Promise<Page<Activity>[]> {
      const asks = subjects.map((s) => ({ pk: subjectPk(s.type, s.id), first: s.first, subject: s }));
      return firstTimelinePages(db, asks, viewerId, (ask) => store.page(ask.subject, viewerId, { first: ask.first }));
    },
  };
  return store;
}
