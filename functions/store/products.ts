import { GetCommand } from "./dynamo";
import type { Activity } from "../core/activity";
import type { Product } from "../core/product/model";
import { activityWrite } from "./activities";
import { batchGet } from "./batch";
import type { Db } from "./client";
import { key, partition, stripKeys } from "./keys";
import { type Filter, mergedPage, type Page } from "./page";
import { type LabeledWrite, transact, versionedPut } from "./transact";

/** Codes in natural order (DN80 before DN200): digit runs padded; the code itself keeps it unique. */
const codeOrder = (code: string) => `${code.replace(/\d+/g, (d) => d.padStart(8, "0"))}#${code}`;

export const productItem = (p: Product) => ({
  ...key.product(p.id),
  gsi1pk: partition.orgProducts(p.orgId),
  gsi1sk: codeOrder(p.code),
  _type: "Product",
  ...p,
});

export interface ProductListFilter {
  /** Folded words, each matched within code, name and spec (all of them, any order). */
  search?: readonly string[] | null;
  active?: boolean | null;
}

function toFilter(f: ProductListFilter): Filter | undefined {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  (f.search ?? []).forEach((word, i) => {
    parts.push(`contains(#searchText, :search${i})`);
    names["#searchText"] = "searchText";
    values[`:search${i}`] = word;
  });
  if (f.active != null) {
    parts.push("#active = :active");
    names["#active"] = "active";
    values[":active"] = f.active;
  }
  return parts.length ? { expression: parts.join(" AND "), names, values } : undefined;
}

/** The price book: products with their unique codes. */
export function productStore(db: Db) {
  return {
    async getMany(ids: readonly string[]): Promise<(Product | null)[]> {
      return (await batchGet(db, ids.map(key.product))).map((i) => (i ? stripKeys<Product>(i) : null));
    },

    /** Which product holds a code, if any. */
    async idForCode(orgId: string, code: string): Promise<string | null> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key.productCode(orgId, code) }));
      return (out.Item?.productId as string | undefined) ?? null;
    },

    /** One page of an organization's price book in code order: one partition, never a scan. */
    async page(orgId: string, filter: ProductListFilter, opts: { first: number; after?: string | null }): Promise<Page<Product>> {
      const page = await mergedPage(db, {
        index: "byOrg",
        partitions: [partition.orgProducts(orgId)],
        ascending: true,
        first: opts.first,
        after: opts.after,
        filter: toFilter(filter),
      });
      return { ...page, items: page.items.map((i) => stripKeys<Product>(i)) };
    },

    /**
     * The product (if unchanged since `prev` was read), its code's claim when the code is new
     * (failing as "code" when taken) and its timeline entry, all or nothing.
     */
    async save(prev: Product | null, next: Product, activity: Activity): Promise<void> {
      const writes: LabeledWrite[] = [versionedPut(db, `product:${next.id}`, productItem(next), prev?.version ?? null)];
      if (prev?.code !== next.code) {
        writes.push({
          label: "code",
          item: {
            Put: {
              TableName: db.table,
              Item: { ...key.productCode(next.orgId, next.code), _type: "Unique", productId: next.id },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        });
        if (prev) writes.push({ label: "release:code", item: { Delete: { TableName: db.table, Key: key.productCode(prev.orgId, prev.code) } } });
      }
      await transact(db, [...writes, activityWrite(db, activity)]);
    },
  };
}
