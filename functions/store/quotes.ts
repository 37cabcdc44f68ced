import { GetCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import type { Contract } from "../core/contract/model";
import type { Quote, QuoteRevision } from "../core/quote/model";
import { storedQuote, storedRevision } from "../core/quote/stored";
import { activityWrite } from "./activities";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, partition, stripKeys } from "./keys";
import { queryAll } from "./query-all";
import { ConditionFailedError, type LabeledWrite, transact, versionedPut } from "./transact";

const COUNTER = "counter";

/** Every quote and contract item carries its list keys (see store/deal-lists.ts); items written before them get them on their next write or from the backfill. */
export const listKeys = (kind: "QUOTE" | "CONTRACT", d: { id: string; orgId: string; ownerId: string; customerId: string; createdAt: string }) => {
  const sk = `${d.createdAt}#${d.id}`;
  return {
    gsi1pk: partition.orgDeals(d.orgId, kind),
    gsi1sk: sk,
    gsi2pk: partition.ownerDeals(d.orgId, kind, d.ownerId),
    gsi2sk: sk,
    gsi5pk: partition.customerDeals(d.customerId, kind),
    gsi5sk: sk,
  };
};

export const quoteItem = (q: Quote) => ({
  ...key.quote(q.id),
  gsi4pk: partition.opportunityQuotes(q.opportunityId),
  gsi4sk: `${q.createdAt}#${q.id}`,
  ...listKeys("QUOTE", q),
  _type: "Quote",
  ...q,
});

export const contractItem = (c: Contract) => ({
  ...key.contract(c.id),
  gsi4pk: partition.opportunityContracts(c.opportunityId),
  gsi4sk: `${c.createdAt}#${c.id}`,
  ...listKeys("CONTRACT", c),
  _type: "Contract",
  ...c,
});

/** Quotes with their frozen revisions, and the contracts made from them. */
export function quoteStore(db: Db) {
  const children = (pk: string) => queryAll(db, { IndexName: "byParent", KeyConditionExpression: "gsi4pk = :pk", ExpressionAttributeValues: { ":pk": pk } });

  return {
    async getMany(ids: readonly string[]): Promise<(Quote | null)[]> {
      return (await batchGet(db, ids.map(key.quote))).map((i) => (i ? storedQuote(stripKeys<Quote>(i)) : null));
    },

    async forOpportunity(opportunityId: string): Promise<Quote[]> {
      return (await children(partition.opportunityQuotes(opportunityId))).map((i) => storedQuote(stripKeys<Quote>(i)));
    },

    /** Every submitted revision of these quotes, oldest first, by quote id: their keys are known (REV#1 … REV#revision), so one BatchGetItem per 100. */
    async revisionsOfMany(quotes: readonly { id: string; revision: number }[]): Promise<Map<string, QuoteRevision[]>> {
      const keys = quotes.flatMap((q) => Array.from({ length: q.revision }, (_, i) => key.quoteRevision(q.id, i + 1)));
      const out = new Map<string, QuoteRevision[]>(quotes.map((q) => [q.id, []]));
      for (const item of await batchGet(db, keys)) if (item) out.get(item.quoteId as string)?.push(storedRevision(stripKeys<QuoteRevision>(item)));
      for (const revs of out.values()) revs.sort((a, b) => a.revision - b.revision);
      return out;
    },

    async revisions(quoteId: string): Promise<QuoteRevision[]> {
      const items = await queryAll(db, { KeyConditionExpression: "pk = :pk AND begins_with(sk, :rev)", ExpressionAttributeValues: { ":pk": key.quote(quoteId).pk, ":rev": "REV#" } });
      return items.map((i) => storedRevision(stripKeys<QuoteRevision>(i)));
    },

    quoteWrite: (q: Quote, prevVersion: number | null) => versionedPut(db, `quote:${q.id}`, quoteItem(q), prevVersion),
    /** A submitted revision is written once and never changed, except for how its approval ended. */
    revisionWrite: (r: QuoteRevision): LabeledWrite => ({
      label: `revision:${r.revision}`,
      item: { Put: { TableName: db.table, Item: { ...key.quoteRevision(r.quoteId, r.revision), _type: "QuoteRevision", ...r }, ConditionExpression: "attribute_not_exists(pk)" } },
    }),
    revisionOutcome: (quoteId: string, revision: number, outcome: string): LabeledWrite => ({
      label: `revisionOutcome:${revision}`,
      item: {
        Update: { TableName: db.table, Key: key.quoteRevision(quoteId, revision), UpdateExpression: "SET outcome = :o", ExpressionAttributeValues: { ":o": outcome } },
      },
    }),

    /** Writes all or nothing, with the change's timeline entry. */
    async save(writes: LabeledWrite[], activity: Activity): Promise<void> {
      await transact(db, [...writes, activityWrite(db, activity)]);
    },

    async getContracts(ids: readonly string[]): Promise<(Contract | null)[]> {
      return (await batchGet(db, ids.map(key.contract))).map((i) => (i ? stripKeys<Contract>(i) : null));
    },

    async contractsForOpportunity(opportunityId: string): Promise<Contract[]> {
      return (await children(partition.opportunityContracts(opportunityId))).map((i) => stripKeys<Contract>(i));
    },

    contractWrite: (c: Contract, prevVersion: number | null) => versionedPut(db, `contract:${c.id}`, contractItem(c), prevVersion),
    /** A contract's timeline entry, to go in another aggregate's transaction (signing moves the deal). */
    contractActivityWrite: (a: Activity): LabeledWrite => ({ ...activityWrite(db, a), label: "contractActivity" }),

    /**
     * Creates something that takes the next number of a yearly series (the 42nd quote of 2026). The
     * counter moves in the same transaction as the creation: `create` gets the number and the write
     * that takes it and must commit that write with its own, so a failed creation leaves no gap. When
     * someone else took the number first, `create` runs again with the next one.
     */
    async numbered<T>(orgId: string, series: string, create: (n: number, take: LabeledWrite) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.counter(orgId, series), ConsistentRead: true }));
        const current = (out.Item?.n as number | undefined) ?? 0;
        const take: LabeledWrite = {
          label: COUNTER,
          item: {
            Update: {
              TableName: db.table,
              Key: key.counter(orgId, series),
              UpdateExpression: "SET #n = :next",
              ConditionExpression: current ? "#n = :current" : "attribute_not_exists(#n)",
              ExpressionAttributeNames: { "#n": "n" },
              ExpressionAttributeValues: { ":next": current + 1, ...(current ? { ":current": current } : {}) },
            },
          },
        };
        try {
          return await create(current + 1, take);
        } catch (error) {
          if (!(error instanceof ConditionFailedError) || !error.failed.includes(COUNTER) || attempt >= 25) throw error;
          await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        }
      }
    },

    async getRevision(quoteId: string, revision: number): Promise<QuoteRevision | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.quoteRevision(quoteId, revision) }));
      return out.Item ? storedRevision(stripKeys<QuoteRevision>(out.Item)) : null;
    },
  };
}
