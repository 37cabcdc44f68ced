import { UpdateCommand } from "./dynamo";
import { batchGet } from "./batch";
import type { Db } from "./client";
import type { LabeledWrite } from "./transact";

/** The ids one item holds, by attribute (a deal's `quoteIds`, `contractIds`, ...). */
export type IdSets<A extends string> = Record<A, string[]>;

export interface IdSetItem<A extends string> {
  /** The item's key beside its parent (pk of the parent, its own sk). */
  key: (parentId: string) => { pk: string; sk: string };
  /** Its `_type`, and the label its writes carry in a transaction. */
  type: string;
  label: string;
  /** The string-set attributes it keeps. */
  attributes: readonly A[];
  /** Read consistently (a child just made must show on the next read). */
  consistent?: boolean;
}

const ids = (value: unknown) => [...((value as Set<string> | undefined) ?? [])];

/**
 * Child ids kept in one item beside their parent (string sets), so the children of a page of
 * parents are one BatchGetItem of these items and one of the children, not a query per parent.
 * Ids are only ever added (set union), so adding and completing commute: a parent created since
 * its kind of item exists starts complete and empty (`createWrite` in its transaction), each child
 * is added in the child's own transaction (`addWrite`), and an older parent's item is completed
 * the first time it is read, from what its partitions hold (`read`), or by a backfill (`complete`).
 * Used by store/deal-children.ts, quote-children.ts and customer-deals.ts.
 */
export function idSetStore<A extends string>(db: Db, item: IdSetItem<A>) {
  const complete = async (parentId: string, sets: IdSets<A>): Promise<void> => {
    const added = item.attributes.filter((a) => sets[a].length);
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: item.key(parentId),
        UpdateExpression: `SET complete = :true, #t = :t${added.length ? ` ADD ${added.map((a, i) => `#a${i} :a${i}`).join(", ")}` : ""}`,
        ExpressionAttributeNames: { "#t": "_type", ...Object.fromEntries(added.map((a, i) => [`#a${i}`, a])) },
        ExpressionAttributeValues: { ":true": true, ":t": item.type, ...Object.fromEntries(added.map((a, i) => [`:a${i}`, new Set(sets[a])])) },
      }),
    );
  };

  /** By parent id, in one call per 100 parents; null: no item (a parent from before the item existed). */
  const getMany = async (parentIds: readonly string[]): Promise<((IdSets<A> & { complete: boolean }) | null)[]> => {
    const items = await batchGet(db, parentIds.map(item.key), item.consistent ? { consistent: true } : undefined);
    return items.map((i) => (i ? { ...(Object.fromEntries(item.attributes.map((a) => [a, ids(i[a])])) as IdSets<A>), complete: i.complete === true } : null));
  };

  return {
    /** For a new parent's transaction: nothing yet, and known to be complete. */
    createWrite: (parentId: string): LabeledWrite => ({
      label: item.label,
      item: {
        Update: {
          TableName: db.table,
          Key: item.key(parentId),
          UpdateExpression: "SET complete = :true, #t = :t",
          ExpressionAttributeNames: { "#t": "_type" },
          ExpressionAttributeValues: { ":true": true, ":t": item.type },
        },
      },
    }),

    /** For the transaction that creates the children (one write per parent: a transaction touches an item once). */
    addWrite: (attribute: A, parentId: string, childIds: string[]): LabeledWrite => ({
      label: item.label,
      item: {
        Update: {
          TableName: db.table,
          Key: item.key(parentId),
          UpdateExpression: "ADD #ids :ids",
          ExpressionAttributeNames: { "#ids": attribute },
          ExpressionAttributeValues: { ":ids": new Set(childIds) },
        },
      },
    }),

    getMany,

    /** Completes an older parent's item with what its partitions hold (once; later reads need no query). */
    complete,

    /**
     * Each parent's ids (a parent asked for twice is read once): from its item when complete, else
     * from `filed` (what the parent's partitions hold), added to the item and marked complete.
     */
    async read(parentIds: readonly string[], filed: (parentId: string) => Promise<IdSets<A>>): Promise<IdSets<A>[]> {
      const unique = [...new Set(parentIds)];
      const found = await getMany(unique);
      const byId = new Map(
        await Promise.all(
          unique.map(async (id, i): Promise<[string, IdSets<A>]> => {
            const known = found[i];
            if (known?.complete) return [id, known];
            const more = await filed(id);
            const sets = Object.fromEntries(item.attributes.map((a) => [a, [...new Set([...(known?.[a] ?? []), ...more[a]])]])) as IdSets<A>;
            await complete(id, sets);
            return [id, sets];
          }),
        ),
      );
      return parentIds.map((id) => byId.get(id) as IdSets<A>);
    },
  };
}
