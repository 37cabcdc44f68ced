import { loadUser } from "../functions/core/actor";
import { VersionConflictError } from "../functions/core/errors";
import { money } from "../functions/core/money";
import * as Products from "../functions/core/product";
import { timelineOf } from "../functions/core/timeline";
import { ActivityRef } from "./activity";
import { builder, type Context, nullWhenHidden } from "./builder";
import { listConnection } from "./connection";
import { COMMON_ERRORS, ErrorInterface, queryErrors } from "./errors";
import { inputId } from "./ids";
import { IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_DESCRIPTION, idempotently } from "./idempotency";
import { MoneyRef } from "./money";
import { UserRef } from "./user";

const seesCost = (ctx: Context) => Products.seesCost(ctx.actor);
/** Prices are in the organization's currency. */
const inOrgCurrency = async (fen: number, ctx: Context) => money(fen, (await ctx.actor.org()).currency);
/** Price book changes of cost and floor are as secret as the figures themselves. */
const SECRET_FIELDS = new Set(["standardCostFen", "floorPriceFen"]);

export const ProductRef = builder.objectRef<Products.Product>("Product");

builder.node(ProductRef, {
  description: "A product of the price book (产品目录), kept by ADMIN and FINANCE; quote lines pick from it.",
  id: { resolve: (p) => p.id },
  isTypeOf: (p) => typeof p === "object" && p !== null && "standardCostFen" in p && "code" in p,
  loadOne: (id, ctx) => Products.visibleProduct(ctx.actor, id),
  fields: (t) => ({
    code: t.exposeString("code", { description: "Unique in the organization, upper case." }),
    name: t.exposeString("name"),
    spec: t.exposeString("spec", { nullable: true }),
    unit: t.exposeString("unit"),
    listPrice: t.field({ type: MoneyRef, description: "Per unit, before VAT.", resolve: (p, _, ctx) => inOrgCurrency(p.listPriceFen, ctx) }),
    standardCost: t.field({
      type: MoneyRef,
      nullable: true,
      description: "标准成本 per unit; MANAGER, FINANCE and GM only.",
      authScopes: { seesMargins: true },
      ...nullWhenHidden,
      resolve: (p, _, ctx) => inOrgCurrency(p.standardCostFen, ctx),
    }),
    floorPrice: t.field({
      type: MoneyRef,
      nullable: true,
      description: "最低限价 per unit, before VAT: a unit price below it needs the general manager (default policy). MANAGER, FINANCE and GM only.",
      authScopes: { seesMargins: true },
      ...nullWhenHidden,
      resolve: (p, _, ctx) => inOrgCurrency(p.floorPriceFen, ctx),
    }),
    vatRatePercent: t.int({ resolve: (p) => p.vatRateBp / 100 }),
    active: t.exposeBoolean("active", { description: "Deactivated: quote lines that hold it keep it; new lines cannot pick it." }),
    createdAt: t.field({ type: "DateTime", resolve: (p) => p.createdAt }),
    createdBy: t.field({ type: UserRef, nullable: true, resolve: (p, _, ctx) => loadUser(ctx.actor, p.createdBy) }),
    updatedAt: t.field({ type: "DateTime", resolve: (p) => p.updatedAt }),
    version: t.exposeInt("version", { description: "Send it back as expectedVersion when updating." }),
    timeline: t.connection(
      {
        type: ActivityRef,
        description: "Every change, newest first (cost and floor changes for MANAGER, FINANCE and GM only).",
        resolve: (p, args, ctx) =>
          listConnection(args, ctx, "timeline", async (paging) => {
            const page = await timelineOf(ctx.actor, "PRODUCT", p.id, paging);
            const items = seesCost(ctx) ? page.items : page.items.map((a) => ({ ...a, changes: a.changes.filter((c) => !SECRET_FIELDS.has(c.field)) }));
            return { ...page, items };
          }),
      },
      { name: "ProductTimelineConnection" },
      { name: "ProductTimelineEdge" },
    ),
  }),
});

builder.objectType(Products.DuplicateProductCodeError, {
  name: "DuplicateProductCodeError",
  description: "Another product of the organization has this code.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    code: t.exposeString("code"),
    existingProductId: t.globalID({ resolve: (e) => ({ type: "Product", id: e.existingProductId }) }),
  }),
});

const ProductFilter = builder.inputType("ProductFilter", {
  fields: (t) => ({
    search: t.string({ description: "Within code, name and spec, case-insensitive; at most 100 characters (longer is a ValidationError)." }),
    active: t.boolean({ description: "Only active (true) or deactivated (false) products." }),
  }),
});

builder.queryField("products", (t) =>
  t.connection(
    {
      type: ProductRef,
      description: "The price book, in code order.",
      args: { filter: t.arg({ type: ProductFilter }) },
      resolve: (_, args, ctx) => queryErrors(ctx, async () => listConnection(args, ctx, "products", (page) => Products.listProducts(ctx.actor, args.filter ?? {}, page))),
    },
    { name: "ProductConnection" },
    { name: "ProductEdge" },
  ),
);

const CreateProductInput = builder.inputType("CreateProductInput", {
  fields: (t) => ({
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    code: t.string({ required: true }),
    name: t.string({ required: true }),
    spec: t.string(),
    unit: t.string({ required: true, description: "台, 套, 米…" }),
    listPriceFen: t.field({ type: "Fen", required: true }),
    standardCostFen: t.field({ type: "Fen", required: true }),
    floorPriceFen: t.field({ type: "Fen", required: true, description: "At most the list price." }),
    vatRatePercent: t.int({ description: "0, 1, 3, 6, 9 or 13 (default)." }),
  }),
});

const UpdateProductInput = builder.inputType("UpdateProductInput", {
  description: "Changes the given fields. Quote lines copy the new prices when their quote is next submitted.",
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    code: t.string(),
    name: t.string(),
    spec: t.string(),
    unit: t.string(),
    listPriceFen: t.field({ type: "Fen" }),
    standardCostFen: t.field({ type: "Fen" }),
    floorPriceFen: t.field({ type: "Fen" }),
    vatRatePercent: t.int(),
    active: t.boolean({ description: "true reactivates a deactivated product." }),
  }),
});

const PRODUCT_ERRORS = [...COMMON_ERRORS, Products.DuplicateProductCodeError];

builder.mutationFields((t) => ({
  createProduct: t.field({
    type: ProductRef,
    description: "ADMIN and FINANCE.",
    args: { input: t.arg({ type: CreateProductInput, required: true }) },
    errors: { types: [...PRODUCT_ERRORS, ...IDEMPOTENCY_ERRORS] },
    resolve: (_, { input }, ctx) =>
      idempotently(ctx, "createProduct", input, { idOf: (p: { id: string }) => p.id, load: (id) => Products.visibleProduct(ctx.actor, id) }, (input) => Products.createProduct(ctx.actor, input)),
  }),
  updateProduct: t.field({
    type: ProductRef,
    description: "ADMIN and FINANCE.",
    args: { input: t.arg({ type: UpdateProductInput, required: true }) },
    errors: { types: [...PRODUCT_ERRORS, VersionConflictError] },
    resolve: (_, { input: { id, expectedVersion, ...patch } }, ctx) => Products.updateProduct(ctx.actor, inputId(String(id), "Product", "id"), expectedVersion, patch),
  }),
  deactivateProduct: t.field({
    type: ProductRef,
    description: "ADMIN and FINANCE. New quote lines can no longer pick it; lines that hold it keep it.",
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true }) },
    errors: { types: [...COMMON_ERRORS, VersionConflictError] },
    resolve: (_, { id, expectedVersion }, ctx) => Products.deactivateProduct(ctx.actor, inputId(String(id), "Product", "id"), expectedVersion),
  }),
}));
