import { GetCommand } from "./dynamo";
import { isPaid, type Instalment, type Ledger } from "../core/collections/model";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { stripKeys } from "./keys";
import { queryAll } from "./query-all";
import { type LabeledWrite, transact, versionedPut } from "./transact";

/**
 * A signed contract's instalments and its ledger live in the contract's partition (CONTRACT#id,
 * INST#nn and LEDGER). The byOrg index keeps each organization's instalments in two partitions,
 * open and paid, by due date: the receivables report reads its organization's only, and what is due
 * today reads the open partition up to today. Open ones are also on byOwner per owner (digests).
 */
const contractPk = (contractId: string) => `CONTRACT#${contractId}`;
const instalmentKey = (i: Pick<Instalment, "contractId" | "index">) => ({ pk: contractPk(i.contractId), sk: `INST#${String(i.index).padStart(2, "0")}` });
const ledgerKey = (contractId: string) => ({ pk: contractPk(contractId), sk: "LEDGER" });
const orgPartition = (orgId: string, open: boolean) => `${orgId}#INSTALMENT#${open ? "OPEN" : "PAID"}`;
const ownerPartition = (orgId: string, ownerId: string) => `${orgId}#OPEN_INSTALMENT#${ownerId}`;
/** Instalments whose event has not happened sort after every dated one. */
const dueSortKey = (i: Pick<Instalment, "dueOn" | "id">) => `${i.dueOn ?? "~"}#${i.id}`;

function instalmentItem(i: Instalment) {
  const open = !isPaid(i);
  return {
    ...instalmentKey(i),
    _type: "Instalment",
    gsi1pk: orgPartition(i.orgId, open),
    gsi1sk: dueSortKey(i),
    ...(open ? { gsi2pk: ownerPartition(i.orgId, i.ownerId), gsi2sk: dueSortKey(i) } : {}),
    ...i,
  };
}

export function instalmentStore(db: Db) {
  const upTo = (day: string) => `${day}#~`;
  const read = (items: Record<string, unknown>[]) => items.map((i) => stripKeys<Instalment>(i));
  return {
    /** One change to a contract's collections, all or nothing. */
    save: (writes: LabeledWrite[]) => transact(db, writes),
    /** The instalment as it is now (no condition: the ledger write in the same transaction guards it). */
    write: (i: Instalment): LabeledWrite => ({ label: `instalment:${i.id}`, item: { Put: { TableName: db.table, Item: instalmentItem(i) } } }),
    /** A plan shortened: the lines past its end go. */
    removeWrite: (i: Pick<Instalment, "contractId" | "index" | "id">): LabeledWrite => ({ label: `instalment:${i.id}`, item: { Delete: { TableName: db.table, Key: instalmentKey(i) } } }),
    /** The ledger at its next version, only if nobody wrote it since it was read (null: it must not exist yet). */
    ledgerWrite: (l: Ledger, prevVersion: number | null): LabeledWrite => versionedPut(db, `ledger:${l.contractId}`, { ...ledgerKey(l.contractId), _type: "Ledger", ...l }, prevVersion),

    /** One instalment by its id (`<contractId>-<n>`), read consistently; null when the plan has no such line. */
    async get(id: string): Promise<Instalment | null> {
      const m = /^(.*)-(\d+)$/.exec(id);
      if (!m) return null;
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: instalmentKey({ contractId: m[1], index: Number(m[2]) }), ConsistentRead: true }));
      return out.Item ? stripKeys<Instalment>(out.Item) : null;
    },

    async ledger(contractId: string): Promise<Ledger | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: ledgerKey(contractId), ConsistentRead: true }));
      return out.Item ? stripKeys<Ledger>(out.Item) : null;
    },

    async ledgers(contractIds: readonly string[]): Promise<(Ledger | null)[]> {
      return (await batchGet(db, contractIds.map(ledgerKey))).map((i) => (i ? stripKeys<Ledger>(i) : null));
    },

    /** Several signed contracts' instalments in plan order, by contract id: their keys are INST#01 … INST#n of each plan, so one BatchGetItem per 100. */
    async manyByPlan(plans: readonly { contractId: string; count: number }[]): Promise<Map<string, Instalment[]>> {
      const unique = [...new Map(plans.map((p) => [p.contractId, p])).values()];
      const keys = unique.flatMap((p) => Array.from({ length: p.count }, (_, i) => instalmentKey({ contractId: p.contractId, index: i + 1 })));
      const out = new Map<string, Instalment[]>(unique.map((p) => [p.contractId, []]));
      for (const item of read((await batchGet(db, keys, { consistent: true })).filter((i) => i !== null))) out.get(item.contractId)?.push(item);
      for (const list of out.values()) list.sort((a, b) => a.index - b.index);
      return out;
    },

    /** A contract's instalments in plan order, read consistently (they are about to be changed). */
    async forContract(contractId: string): Promise<Instalment[]> {
      return read(
        await queryAll(db, {
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :inst)",
          ExpressionAttributeValues: { ":pk": contractPk(contractId), ":inst": "INST#" },
          ConsistentRead: true,
        }),
      );
    },

    /** Every instalment of an organization, open and paid (the receivables report). */
    async forOrg(orgId: string): Promise<Instalment[]> {
      const part = (open: boolean) => queryAll(db, { IndexName: "byOrg", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": orgPartition(orgId, open) } });
      return read([...(await part(true)), ...(await part(false))]);
    },

    /** Open instalments of an organization due on or before `day`. */
    async openDueBy(orgId: string, day: string): Promise<Instalment[]> {
      return read(
        await queryAll(db, {
          IndexName: "byOrg",
          KeyConditionExpression: "gsi1pk = :pk AND gsi1sk <= :to",
          ExpressionAttributeValues: { ":pk": orgPartition(orgId, true), ":to": upTo(day) },
        }),
      );
    },

    /** One owner's open instalments due on or before `day`. */
    async openDueByForOwner(orgId: string, ownerId: string, day: string): Promise<Instalment[]> {
      return read(
        await queryAll(db, {
          IndexName: "byOwner",
          KeyConditionExpression: "gsi2pk = :pk AND gsi2sk <= :to",
          ExpressionAttributeValues: { ":pk": ownerPartition(orgId, ownerId), ":to": upTo(day) },
        }),
      );
    },
  };
}
