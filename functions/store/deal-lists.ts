import { QueryCommand, UpdateCommand } from "./dynamo";
import type { Contract } from "../core/contract/model";
import type { Quote } from "../core/quote/model";
import { storedQuote } from "../core/quote/stored";
import type { Db } from "./client";
import { batchGet } from "./batch";
import { key, partition, stripKeys } from "./keys";
import { allOf, type Filter, mergedPage, type Page, type PartitionRange } from "./page";
import { listKeys } from "./quotes";

/** How far the one-off filing of older quotes and contracts has got in an organization (pk BACKFILL#DEAL_LISTS#org). */
const backfillMarker = (orgId: string) => ({ pk: `BACKFILL#DEAL_LISTS#${orgId}`, sk: "BACKFILL" });
export interface BackfillState {
  done: boolean;
  /** Where the organization's deals (byOrg) continue. */
  cursor?: Record<string, unknown>;
}

/**
 * Lists of quotes and contracts, newest created first (sort key createdAt#id), from the list keys
 * every quote and contract item carries (store/quotes.ts `listKeys`):
 * | whose                          | index   | partition                       |
 * | ------------------------------ | ------- | ------------------------------- |
 * | the whole organization         | byOrg   | org#QUOTE / org#CONTRACT        |
 * | one owner (one per team member) | byOwner | org#QUOTE_OWNER#userId / …      |
 * | one customer                   | byStage | CUSTOMER#id#QUOTE / …#CONTRACT  |
 * Status and date filters are filter expressions on those partitions; a date range's end also bounds
 * the sort key (nothing is submitted or signed before it is created).
 */
export interface DealListQuery {
  orgId: string;
  /** "ALL": the organization; else these owners (the viewer and their team). */
  owners: string[] | "ALL";
  customerId?: string | null;
  status?: string | null;
  /** Inclusive bounds on the date attribute (ISO instants for submittedAt, days for signedOn). */
  dateFrom?: string | null;
  dateTo?: string | null;
  /** Created before this instant (the date range's end): the sort key's upper bound. */
  createdBefore?: string | null;
  first: number;
  after?: string | null;
}

function filtersOf(q: DealListQuery, dateAttribute: string, owners: string[] | null): Filter | undefined {
  const status: Filter | undefined = q.status ? { expression: "#status = :status", names: { "#status": "status" }, values: { ":status": q.status } } : undefined;
  const from: Filter | undefined = q.dateFrom ? { expression: "#d >= :dfrom", names: { "#d": dateAttribute }, values: { ":dfrom": q.dateFrom } } : undefined;
  const to: Filter | undefined = q.dateTo ? { expression: "#d <= :dto", names: { "#d": dateAttribute }, values: { ":dto": q.dateTo } } : undefined;
  const within: Filter | undefined = owners
    ? { expression: `#ownerId IN (${owners.map((_, i) => `:o${i}`).join(", ")})`, names: { "#ownerId": "ownerId" }, values: Object.fromEntries(owners.map((o, i) => [`:o${i}`, o])) }
    : undefined;
  return allOf(status, from, to, within);
}

async function page(db: Db, kind: "QUOTE" | "CONTRACT", dateAttribute: string, q: DealListQuery): Promise<Page<Record<string, unknown>>> {
  const range = (pk: string): PartitionRange => ({ pk, to: q.createdBefore ?? undefined });
  if (q.customerId) {
    // A customer's quotes are few: one partition, the owners in view as a filter.
    return mergedPage(db, {
      index: "byStage",
      partitions: [range(partition.customerDeals(q.customerId, kind))],
      first: q.first,
      after: q.after,
      filter: filtersOf(q, dateAttribute, q.owners === "ALL" ? null : q.owners),
    });
  }
  return mergedPage(db, {
    index: q.owners === "ALL" ? "byOrg" : "byOwner",
    partitions: q.owners === "ALL" ? [range(partition.orgDeals(q.orgId, kind))] : q.owners.map((o) => range(partition.ownerDeals(q.orgId, kind, o))),
    first: q.first,
    after: q.after,
    filter: filtersOf(q, dateAttribute, null),
  });
}

export function dealListStore(db: Db) {
  return {
    async backfillStates(orgIds: string[]): Promise<(BackfillState | null)[]> {
      return (await batchGet(db, orgIds.map(backfillMarker))).map((i) => (i ? { done: i.done === true, cursor: (i.cursor as Record<string, unknown> | undefined) ?? undefined } : null));
    },

    async saveBackfill(orgId: string, state: BackfillState, at: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: backfillMarker(orgId),
          UpdateExpression: state.cursor ? "SET done = :done, #at = :at, #cursor = :cursor, #t = :t" : "SET done = :done, #at = :at, #t = :t REMOVE #cursor",
          ExpressionAttributeNames: { "#at": "at", "#cursor": "cursor", "#t": "_type" },
          ExpressionAttributeValues: { ":done": state.done, ":at": at, ":t": "Backfill", ...(state.cursor ? { ":cursor": state.cursor } : {}) },
        }),
      );
    },

    /** The next deals of an organization (ids only), for the backfill. */
    async dealIds(orgId: string, limit: number, cursor?: Record<string, unknown>): Promise<{ ids: string[]; cursor?: Record<string, unknown> }> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: "byOrg",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": partition.orgOpportunities(orgId) },
          ProjectionExpression: "id",
          Limit: limit,
          ExclusiveStartKey: cursor,
        }),
      );
      return { ids: (out.Items ?? []).map((i) => i.id as string), cursor: out.LastEvaluatedKey };
    },

    /**
     * Gives an older quote or contract its list keys, unless it changed since read (its write then
     * carried them already). Safe to repeat.
     */
    async fileListKeys(kind: "QUOTE" | "CONTRACT", d: { id: string; orgId: string; ownerId: string; customerId: string; createdAt: string; version: number }): Promise<void> {
      const keys = listKeys(kind, d);
      const names = Object.keys(keys);
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: kind === "QUOTE" ? key.quote(d.id) : key.contract(d.id),
            UpdateExpression: `SET ${names.map((n, i) => `#k${i} = :k${i}`).join(", ")}`,
            ConditionExpression: "#version = :version",
            ExpressionAttributeNames: { "#version": "version", ...Object.fromEntries(names.map((n, i) => [`#k${i}`, n])) },
            ExpressionAttributeValues: { ":version": d.version, ...Object.fromEntries(names.map((n, i) => [`:k${i}`, keys[n as keyof typeof keys]])) },
          }),
        );
      } catch (error) {
        if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
      }
    },

    async quotes(q: DealListQuery): Promise<Page<Quote>> {
      const p = await page(db, "QUOTE", "submittedAt", q);
      return { ...p, items: p.items.map((i) => storedQuote(stripKeys<Quote>(i))) };
    },
    async contracts(q: DealListQuery): Promise<Page<Contract>> {
      const p = await page(db, "CONTRACT", "signedOn", q);
      return { ...p, items: p.items.map((i) => stripKeys<Contract>(i)) };
    },
  };
}
