import { GetCommand, PutCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import type { Money } from "../core/money";
import type { TotalsDelta, TotalsRow } from "../core/pipeline/totals";
import type { Db } from "./client";
import { key } from "./keys";
import { activityWrite } from "./activities";
import { queryAll } from "./query-all";
import { type LabeledWrite, transact } from "./transact";

/** The write that applies one delta to its (month, owner) totals item, creating it when missing. */
export function totalsWrite(db: Db, orgId: string, d: TotalsDelta): LabeledWrite {
  const sets: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (Object.keys(d.add).length) values[":zero"] = 0;
  if (Object.keys(d.append).length) values[":empty"] = [];
  Object.entries(d.add).forEach(([a, v], i) => {
    names[`#a${i}`] = a;
    values[`:a${i}`] = v;
    sets.push(`#a${i} = if_not_exists(#a${i}, :zero) + :a${i}`);
  });
  Object.entries(d.append).forEach(([a, v], i) => {
    names[`#l${i}`] = a;
    values[`:l${i}`] = v;
    sets.push(`#l${i} = list_append(if_not_exists(#l${i}, :empty), :l${i})`);
  });
  names["#month"] = "month";
  names["#ownerId"] = "ownerId";
  values[":month"] = d.month;
  values[":ownerId"] = d.ownerId;
  sets.push("#month = :month", "#ownerId = :ownerId");
  return {
    label: `totals:${d.month}:${d.ownerId}`,
    item: {
      Update: {
        TableName: db.table,
        Key: key.pipelineTotals(orgId, d.month, d.ownerId),
        UpdateExpression: `SET ${sets.join(", ")}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  };
}

const TOTALS_META = new Set(["pk", "sk", "month", "ownerId", "_type", "weighted100"]);
const toRow = (item: Record<string, unknown>): TotalsRow => ({
  month: item.month as string,
  ownerId: item.ownerId as string,
  values: Object.fromEntries(Object.entries(item).filter(([k]) => !TOTALS_META.has(k))) as TotalsRow["values"],
});

function queryPartition(db: Db, pk: string, range?: { from: string; to: string }, attributes?: string[]): Promise<Record<string, unknown>[]> {
  const projection = attributes && ["month", "ownerId", ...attributes];
  return queryAll(db, {
    KeyConditionExpression: range ? "pk = :pk AND sk BETWEEN :from AND :to" : "pk = :pk",
    ExpressionAttributeValues: { ":pk": pk, ...(range ? { ":from": range.from, ":to": range.to } : {}) },
    ProjectionExpression: projection?.map((_, i) => `#p${i}`).join(", "),
    ExpressionAttributeNames: projection && Object.fromEntries(projection.map((a, i) => [`#p${i}`, a])),
  });
}

export interface TargetRecord {
  scope: "USER" | "TEAM";
  id: string;
  amount: Money;
  setBy: string;
  setAt: string;
}

export function pipelineTotalsStore(db: Db) {
  return {
    /** Every owner's totals for these months: one query per month, items = months × owners; only `attributes` when given. */
    async months(orgId: string, months: string[], attributes?: string[]): Promise<TotalsRow[]> {
      const parts = await Promise.all(months.map((m) => queryPartition(db, key.pipelineTotals(orgId, m, "").pk, undefined, attributes)));
      return parts.flat().map(toRow);
    },

    async snapshotTaken(orgId: string, takenMonth: string): Promise<string | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.snapshotDone(orgId, takenMonth) }));
      return (out.Item?.takenAt as string | undefined) ?? null;
    },

    /** Stores a copy of some months' totals as they stand now, then marks the snapshot done. */
    async saveSnapshot(orgId: string, takenMonth: string, takenAt: string, rows: (TotalsRow & { weighted100: number })[]) {
      for (const row of rows) {
        const item = { ...key.snapshot(orgId, takenMonth, row.month, row.ownerId), _type: "Snapshot", month: row.month, ownerId: row.ownerId, weighted100: row.weighted100, ...row.values };
        await db.doc.send(new PutCommand({ TableName: db.table, Item: item }));
      }
      await db.doc.send(
        new PutCommand({ TableName: db.table, Item: { ...key.snapshotDone(orgId, takenMonth), _type: "SnapshotDone", takenAt, rows: rows.length } }),
      );
    },

    /** The snapshot taken at the start of `takenMonth`, limited to some months. */
    async snapshot(orgId: string, takenMonth: string, months: string[]): Promise<(TotalsRow & { weighted100: number })[]> {
      const sorted = [...months].sort();
      const items = await queryPartition(db, key.snapshotDone(orgId, takenMonth).pk, { from: `${sorted[0]}#`, to: `${sorted.at(-1)}#\uffff` });
      return items.map((i) => ({ ...toRow(i), weighted100: (i.weighted100 as number) ?? 0 }));
    },

    async targets(orgId: string, period: string): Promise<TargetRecord[]> {
      return (await queryPartition(db, key.target(orgId, period, "USER", "").pk)).map((i) => ({
        scope: i.scope as "USER" | "TEAM",
        id: i.id as string,
        amount: i.amount as Money,
        setBy: i.setBy as string,
        setAt: i.setAt as string,
      }));
    },

    /** Sets or replaces a target, with its timeline entry on the organization. */
    async setTarget(orgId: string, period: string, t: TargetRecord, activity: Activity): Promise<void> {
      await transact(db, [
        { label: "target", item: { Put: { TableName: db.table, Item: { ...key.target(orgId, period, t.scope, t.id), _type: "Target", period, ...t } } } },
        activityWrite(db, activity),
      ]);
    },

    /** Organizations to run per-organization jobs for. */
    async organizations(): Promise<string[]> {
      return (await queryPartition(db, key.orgRegistry("").pk)).map((i) => i.sk as string);
    },
  };
}
