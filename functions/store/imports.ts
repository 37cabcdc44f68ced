import { GetCommand, PutCommand, UpdateCommand } from "./dynamo";
import type { ImportJob, ImportStatus } from "../core/import/model";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, partition, stripKeys } from "./keys";
import { mergedPage, type Page } from "./page";
import { ConditionFailedError, isConditionFailure } from "./transact";

const importItem = (j: ImportJob) => ({ ...key.importJob(j.id), gsi1pk: partition.orgImports(j.orgId), gsi1sk: j.id, _type: "Import", ...j });

/** Spreadsheet imports: one item each, moved from status to status by conditional updates. */
export function importStore(db: Db) {
  return {
    async create(job: ImportJob): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: db.table, Item: importItem(job), ConditionExpression: "attribute_not_exists(pk)" }));
    },

    async get(id: string): Promise<ImportJob | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.importJob(id), ConsistentRead: true }));
      return out.Item ? stripKeys<ImportJob>(out.Item) : null;
    },

    /**
     * Moves an import to `to` (with `patch`) only from one of `from`: two workers or two clicks cannot
     * both start the same phase. Throws ConditionFailedError(["status"]) otherwise.
     */
    async transition(id: string, from: readonly ImportStatus[], to: ImportStatus, patch: Partial<ImportJob> = {}): Promise<ImportJob> {
      const fields = { ...patch, status: to };
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const sets = Object.entries(fields).map(([k, v], i) => {
        names[`#f${i}`] = k;
        values[`:v${i}`] = v;
        return `#f${i} = :v${i}`;
      });
      from.forEach((s, i) => (values[`:from${i}`] = s));
      try {
        const out = await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key.importJob(id),
            UpdateExpression: `SET ${sets.join(", ")}`,
            ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(", ")})`,
            ExpressionAttributeNames: { ...names, "#status": "status" },
            ExpressionAttributeValues: values,
            ReturnValues: "ALL_NEW",
          }),
        );
        return stripKeys<ImportJob>(out.Attributes ?? {});
      } catch (error) {
        if (isConditionFailure(error)) throw new ConditionFailedError(["status"]);
        throw error;
      }
    },

    /** Progress of the running phase: added to, so parallel lanes of one commit each report their own batches. */
    async addProgress(id: string, rows: number): Promise<void> {
      await db.doc.send(
        new UpdateCommand({ TableName: db.table, Key: key.importJob(id), UpdateExpression: "ADD #processed :n", ExpressionAttributeNames: { "#processed": "processed" }, ExpressionAttributeValues: { ":n": rows } }),
      );
    },

    /** An organization's imports, newest first. */
    async page(orgId: string, first: number, after?: string | null): Promise<Page<ImportJob>> {
      const page = await mergedPage(db, { index: "byOrg", partitions: [partition.orgImports(orgId)], first, after });
      return { ...page, items: page.items.map((i) => stripKeys<ImportJob>(i)) };
    },

    /**
     * Which customers hold these credit codes and normalized names (the uniqueness items
     * createCustomer claims), in as few BatchGetItems as there are hundreds of values.
     */
    async customerHolders(orgId: string, creditCodes: string[], nameKeys: string[]): Promise<{ byCreditCode: Map<string, string>; byName: Map<string, string> }> {
      const codes = [...new Set(creditCodes)];
      const names = [...new Set(nameKeys)];
      const items = await batchGet(db, [...codes.map((c) => key.creditCode(orgId, c)), ...names.map((n) => key.customerName(orgId, n))]);
      const byCreditCode = new Map<string, string>();
      const byName = new Map<string, string>();
      items.forEach((item, i) => {
        if (!item) return;
        if (i < codes.length) byCreditCode.set(codes[i], item.customerId as string);
        else byName.set(names[i - codes.length], item.customerId as string);
      });
      return { byCreditCode, byName };
    },

    /** Which products hold these codes (the uniqueness items createProduct claims), in BatchGetItems. */
    async productCodeHolders(orgId: string, codes: string[]): Promise<Map<string, string>> {
      const unique = [...new Set(codes)];
      const items = await batchGet(db, unique.map((c) => key.productCode(orgId, c)));
      return new Map(unique.flatMap((c, i) => (items[i] ? [[c, items[i]?.productId as string] as const] : [])));
    },
  };
}
