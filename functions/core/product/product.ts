import { ConditionFailedError, type Page } from "../../store";
import type { Actor } from "../actor";
import { diffFields, newActivity } from "../activity";
import { seesMargin } from "../approval/approvers";
import { ForbiddenError, NotFoundError, VersionConflictError } from "../errors";
import { markResult } from "../idempotency";
import { newId } from "../ids";
import { type PageArgs, pageSize } from "../paging";
import { hasRole } from "../user/model";
import { DuplicateProductCodeError } from "./errors";
import { checkProduct, type ProductInput, searchTextOf } from "./input";
import { type Product, TRACKED_FIELDS } from "./model";
import { productSearchWords } from "./product-search";

/** The price book is kept by ADMIN and FINANCE; everyone else reads it. */
const canKeep = (actor: Actor) => hasRole(actor.viewer, "ADMIN", "FINANCE");

/** Cost and floor are for those who see margins (MANAGER, FINANCE, GM). */
export const seesCost = (actor: Actor) => seesMargin(actor.viewer);

export async function visibleProducts(actor: Actor, ids: readonly string[]): Promise<(Product | null)[]> {
  const found = await actor.deps.store.products.getMany(ids);
  return found.map((p) => (p && p.orgId === actor.viewer.orgId ? p : null));
}

export const visibleProduct = async (actor: Actor, id: string) => (await visibleProducts(actor, [id]))[0];

export interface ProductFilter {
  search?: string | null;
  active?: boolean | null;
}

/** The organization's price book in code order. */
export function listProducts(actor: Actor, filter: ProductFilter, args: PageArgs): Promise<Page<Product>> {
  const search = productSearchWords(filter.search);
  return actor.deps.store.products.page(actor.viewer.orgId, { search, active: filter.active }, { first: pageSize(args), after: args.after });
}

async function save(actor: Actor, prev: Product | null, next: Product, note?: string): Promise<Product> {
  const now = new Date(next.updatedAt);
  const activity = newActivity(
    {
      orgId: next.orgId,
      subjectType: "PRODUCT",
      subjectId: next.id,
      kind: prev ? "UPDATED" : "CREATED",
      actorId: actor.viewer.id,
      changes: prev ? diffFields(prev, next, TRACKED_FIELDS) : [],
      ...(note ? { note } : {}),
    },
    now,
  );
  try {
    await actor.deps.store.products.save(prev, next, activity);
    return next;
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    if (error.failed.includes("code")) {
      throw new DuplicateProductCodeError(next.code, (await actor.deps.store.products.idForCode(next.orgId, next.code)) ?? "");
    }
    const current = await visibleProduct(actor, next.id);
    throw new VersionConflictError(current, current?.version ?? 0);
  }
}

/** `imported`: a spreadsheet import's row, with the id it derives from (import, row) and the note naming its file. */
export async function createProduct(actor: Actor, input: ProductInput, imported?: { id: string; note: string }): Promise<Product> {
  if (!canKeep(actor)) throw new ForbiddenError();
  const fields = checkProduct(input, null);
  const now = actor.deps.clock.now();
  const p: Product = {
    id: imported?.id ?? newId(now),
    orgId: actor.viewer.orgId,
    ...fields,
    searchText: searchTextOf(fields),
    createdAt: now.toISOString(),
    createdBy: actor.viewer.id,
    updatedAt: now.toISOString(),
    version: 1,
  };
  if (!imported) markResult(p.id);
  return save(actor, null, p, imported?.note);
}

/** Changes some fields; prices already on quote lines stay until those quotes are submitted again. */
export async function updateProduct(actor: Actor, id: string, expectedVersion: number, input: ProductInput): Promise<Product> {
  if (!canKeep(actor)) throw new ForbiddenError();
  const current = await visibleProduct(actor, id);
  if (!current) throw new NotFoundError("Product", id);
  if (current.version !== expectedVersion) throw new VersionConflictError(current, current.version);
  const fields = checkProduct(input, current);
  if (!diffFields(current, { ...current, ...fields }, TRACKED_FIELDS).length) return current;
  const now = actor.deps.clock.now();
  return save(actor, current, { ...current, ...fields, searchText: searchTextOf(fields), updatedAt: now.toISOString(), version: current.version + 1 });
}

/** No new quote line can pick it; lines that hold it keep it. */
export const deactivateProduct = (actor: Actor, id: string, expectedVersion: number) => updateProduct(actor, id, expectedVersion, { active: false });
