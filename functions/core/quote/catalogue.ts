import type { Actor } from "../actor";
import type { Product } from "../product/model";
import { visibleProducts } from "../product/product";
import type { QuoteDraftInput } from "./input";
import { fromProduct } from "./lines";
import type { QuoteDraft } from "./model";

async function productsById(actor: Actor, ids: (string | null | undefined)[]): Promise<Map<string, Product>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (!unique.length) return new Map();
  const found = await visibleProducts(actor, unique);
  return new Map(found.filter((p): p is Product => !!p).map((p) => [p.id, p]));
}

/** The products an edit's lines pick, in one read. */
export const productsNamedIn = (actor: Actor, input: QuoteDraftInput) => productsById(actor, (input.lines ?? []).map((l) => l.productId));

/**
 * The draft with each catalogue line's name, spec, unit, list price, cost, floor and VAT rate as the
 * price book has them now: what a submission freezes. Unit prices and quantities stay the rep's.
 */
export async function withTodaysPrices(actor: Actor, draft: QuoteDraft): Promise<QuoteDraft> {
  const products = await productsById(actor, draft.lines.map((l) => l.productId));
  if (!products.size) return draft;
  return { ...draft, lines: draft.lines.map((l) => (l.productId && products.has(l.productId) ? { ...l, ...fromProduct(products.get(l.productId)!) } : l)) };
}
