import { type Currency, money } from "../functions/core/money";
import { visibleProduct } from "../functions/core/product";
import * as Quotes from "../functions/core/quote";
import { builder, nullWhenHidden } from "./builder";
import { localId } from "./ids";
import { MoneyRef } from "./money";
import { ProductRef } from "./product";

type Line = Quotes.QuoteLine & { currency: Currency; figures: Quotes.LineFigures };
/** A draft's lines with their figures (each line's share of the extra discount depends on all of them). */
export const linesWithFigures = (draft: Quotes.QuoteDraft, currency: Currency): Line[] => {
  const figures = Quotes.lineFigures(draft);
  return draft.lines.map((l, i) => ({ ...l, currency, figures: figures[i] }));
};

export const QuoteLineRef = builder.objectRef<Line>("QuoteLine").implement({
  description:
    "A line's amount is unit price × quantity, half up to the fen. The extra discount is allocated to the lines in proportion to their amounts " +
    "(each share rounded down, the fen left over going to the largest remainders, so the shares add up exactly). A line's VAT is " +
    "(amount − share) × its rate, half up to the fen; the quote's VAT is the sum of the lines' VAT, as on the VAT invoice.",
  fields: (t) => ({
    id: t.exposeID("id"),
    priceBookProduct: t.field({
      type: ProductRef,
      nullable: true,
      description: "The price book product; null for a non-catalogue line.",
      resolve: (l, _, ctx) => (l.productId ? visibleProduct(ctx.actor, l.productId) : null),
    }),
    productCode: t.exposeString("productCode", { nullable: true }),
    product: t.exposeString("product", { description: "Name: the price book's on catalogue lines, as of the last submission or edit." }),
    spec: t.exposeString("spec", { nullable: true }),
    quantity: t.float({ description: "Up to three decimals, exact.", resolve: (l) => l.quantityMilli / 1000 }),
    unit: t.exposeString("unit"),
    listPrice: t.field({ type: MoneyRef, resolve: (l) => money(l.listPriceFen, l.currency) }),
    unitPrice: t.field({ type: MoneyRef, resolve: (l) => money(l.unitPriceFen, l.currency) }),
    amount: t.field({ type: MoneyRef, description: "unit price × quantity, before the extra discount and VAT.", resolve: (l) => money(l.figures.amountFen, l.currency) }),
    extraDiscountShare: t.field({ type: MoneyRef, description: "This line's share of the quote's extra discount.", resolve: (l) => money(l.figures.discountShareFen, l.currency) }),
    netAmount: t.field({ type: MoneyRef, description: "amount − its share of the extra discount: what VAT is charged on.", resolve: (l) => money(l.figures.netFen, l.currency) }),
    vatRatePercent: t.int({ description: "The product's rate on catalogue lines, the quote's otherwise.", resolve: (l) => l.figures.vatRateBp / 100 }),
    vat: t.field({ type: MoneyRef, description: "net amount × rate, half up to the fen.", resolve: (l) => money(l.figures.vatFen, l.currency) }),
    costKnown: t.boolean({ description: "false: a non-catalogue line waiting for TECH or FINANCE to enter its cost (setQuoteLineCosts).", resolve: (l) => l.costFen !== null }),
    cost: t.field({
      type: MoneyRef,
      nullable: true,
      description: "Unit cost; MANAGER, FINANCE and GM only; null while unknown.",
      authScopes: { seesMargins: true },
      ...nullWhenHidden,
      resolve: (l) => (l.costFen !== null ? money(l.costFen, l.currency) : null),
    }),
    floorPrice: t.field({
      type: MoneyRef,
      nullable: true,
      description: "最低限价 per unit from the price book; MANAGER, FINANCE and GM only.",
      authScopes: { seesMargins: true },
      ...nullWhenHidden,
      resolve: (l) => (l.floorPriceFen !== null ? money(l.floorPriceFen, l.currency) : null),
    }),
    belowFloor: t.boolean({
      nullable: true,
      description: "Its unit price, after its share of the extra discount, is below the floor price; MANAGER, FINANCE and GM only.",
      authScopes: { seesMargins: true },
      ...nullWhenHidden,
      resolve: (l) => l.figures.belowFloor,
    }),
  }),
});

export const QuoteLineInput = builder.inputType("QuoteLineInput", {
  description:
    "A catalogue line names a product (productId) and gives quantity and unit price: name, spec, unit, list price, cost, floor and VAT rate come from " +
    "the price book (again when the quote is submitted). A non-catalogue line gives product, unit and list price; its cost is entered by TECH or FINANCE.",
  fields: (t) => ({
    id: t.id({ description: "An existing line to change; none for a new line." }),
    productId: t.id({ description: "A price book product. Absent on an existing line: it keeps its product; null: a non-catalogue line." }),
    product: t.string({ description: "Name; required on a non-catalogue line." }),
    spec: t.string(),
    quantity: t.float({ required: true, description: "Above 0, up to three decimals (kept exactly)." }),
    unit: t.string({ description: "台, 套, 米…; required on a non-catalogue line." }),
    listPriceFen: t.field({ type: "Fen", description: "Required on a non-catalogue line; the price book's on a catalogue line." }),
    unitPriceFen: t.field({ type: "Fen", required: true }),
    costFen: t.field({ type: "Fen", description: "Refused (COST_NOT_ALLOWED): costs come from the price book, or from TECH or FINANCE (setQuoteLineCosts)." }),
  }),
});

export const LineCostInput = builder.inputType("QuoteLineCostInput", {
  fields: (t) => ({ lineId: t.id({ required: true }), costFen: t.field({ type: "Fen", required: true, description: "Per unit, before VAT." }) }),
});

/**
 * Line inputs with local ids. A malformed product id is no product of the price book: the domain
 * reports it (UNKNOWN_PRODUCT) along with every other problem of the input, not alone.
 */
export const linesOf = (lines: ({ id?: string | number | null; productId?: string | number | null } & Omit<Quotes.QuoteLineInput, "id" | "productId">)[] | null | undefined) =>
  lines?.map((l, i) => ({
    ...l,
    id: l.id == null ? null : String(l.id),
    productId: l.productId == null ? l.productId : (localId(String(l.productId), "Product") ?? "-"),
  }));
