import { PutCommand } from "../../functions/store/dynamo";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, catalogueProduct, emailAbout, priceBookKeeper } from "../support/approvals";
import { newDeal } from "../support/pipeline";

let app: TestApp;
let manager: User;
let rep: User;
let finance: User;
let tech: User;

const RESULT = `__typename ... on Error { message } ... on ValidationError { fields { path code message } }
  ... on Quote { id number status revision version costKnown total { fen } lines { id product costKnown }
    approvals { status revision levels { key } } }`;
const CREATE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { ${RESULT} } }`;
const UPDATE = `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { ${RESULT} ... on VersionConflictError { currentVersion } } }`;
const SUBMIT = `mutation($id: ID!) { submitQuote(id: $id) { ${RESULT} } }`;
const SET_COSTS = `mutation($quoteId: ID!, $v: Int!, $costs: [QuoteLineCostInput!]!) { setQuoteLineCosts(quoteId: $quoteId, expectedVersion: $v, costs: $costs) { ${RESULT} ... on VersionConflictError { currentVersion } } }`;
const FIGURES = `query($id: ID!) { quote(id: $id) { status version marginPercent costTotal { fen } linesBelowFloor
  lines { id product quantity unitPrice { fen } listPrice { fen } cost { fen } floorPrice { fen } belowFloor costKnown }
  revisions { revision lines { listPrice { fen } cost { fen } } } } }`;
const PRODUCT_VERSION = `query($id: ID!) { node(id: $id) { ... on Product { version } } }`;
const UPDATE_PRODUCT = `mutation($input: UpdateProductInput!) { updateProduct(input: $input) { __typename ... on Product { version } } }`;

/** A non-standard design: no price book product, so nobody knows its cost until TECH or FINANCE say. */
const special = (over: Record<string, unknown> = {}) => ({ product: "非标电动调节阀", spec: "DN250 PN40 CF8M 特殊流道", quantity: 2, unit: "台", listPriceFen: 86_000_00, unitPriceFen: 86_000_00, ...over });
const draft = (opportunityId: string, lines: unknown[], over: Record<string, unknown> = {}) => ({ input: { opportunityId, lines, validUntil: "2026-12-31", ...over } });
const levels = (q: any) => q.approvals.at(-1)?.levels.map((l: any) => l.key) ?? [];

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep, finance } = await approvalTeam(app));
  tech = await app.user({ name: "马志远", roles: ["TECH"] });
});

describe("margin control a rep cannot skip", () => {
  it("sends a quote whose lines have no known cost to finance, with the cost shown as not yet known", async () => {
    // Prepare: a non-catalogue line at list price (no discount, total below the GM's threshold)
    const q = (await app.ok(rep, CREATE, draft(await newDeal(app, rep), [special()]))).createQuote;
    expect(q).toMatchObject({ __typename: "Quote", costKnown: false, lines: [{ costKnown: false }] });
    expect((await app.ok(manager, FIGURES, { id: q.id })).quote).toMatchObject({ marginPercent: null, costTotal: null });

    // Act
    const submitted = (await app.ok(rep, SUBMIT, { id: q.id })).submitQuote;

    // Assess: before, such a quote counted as 100% margin and was approved with no one asked
    expect(submitted.status).toBe("PENDING_APPROVAL");
    expect(levels(submitted)).toEqual(["finance"]);
    const mail = await emailAbout(finance.email, q.number);
    expect(mail.body.text).toContain("成本未核定");
  });

  it("refuses a cost from whoever sells, and changes nothing", async () => {
    const opportunityId = await newDeal(app, rep);
    const refused = (await app.ok(rep, CREATE, draft(opportunityId, [special({ costFen: 10_000_00 })]))).createQuote;
    expect(refused.__typename).toBe("ValidationError");
    expect(refused.fields).toEqual([{ path: ["lines", "0", "costFen"], code: "COST_NOT_ALLOWED", message: "成本由技术或财务填写" }]);
    const byManager = (await app.ok(manager, CREATE, draft(opportunityId, [special({ costFen: 10_000_00 })]))).createQuote;
    expect(byManager.fields.map((f: any) => f.code)).toEqual(["COST_NOT_ALLOWED"]);
    expect((await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { quotes { id } } }`, { id: opportunityId })).opportunity.quotes).toEqual([]);
  });

  it("lets TECH enter the cost of a non-catalogue line; a new design needs a new cost", async () => {
    // Prepare
    const q = (await app.ok(rep, CREATE, draft(await newDeal(app, rep), [special()]))).createQuote;
    const lineId = q.lines[0].id;

    // Act
    const byRep = (await app.ok(rep, SET_COSTS, { quoteId: q.id, v: q.version, costs: [{ lineId, costFen: 40_000_00 }] })).setQuoteLineCosts;
    const costed = (await app.ok(tech, SET_COSTS, { quoteId: q.id, v: q.version, costs: [{ lineId, costFen: 60_200_00 }] })).setQuoteLineCosts;

    // Assess: 30% margin, no discount, so it is approved as it is
    expect(byRep.__typename).toBe("ForbiddenError");
    expect(costed).toMatchObject({ __typename: "Quote", costKnown: true, version: q.version + 1 });
    const timeline = (await app.ok(rep, `query($id: ID!) { quote(id: $id) { timeline { edges { node { summary } } } } }`, { id: q.id })).quote.timeline.edges;
    expect(timeline[0].node.summary).toBe("马志远 修改了 报价行成本");
    // TECH enters costs and nothing else.
    const techEdit = (await app.ok(tech, UPDATE, { input: { id: q.id, expectedVersion: costed.version, riskNote: "改" } })).updateQuote;
    expect(techEdit.__typename).toBe("ForbiddenError");
    expect((await app.ok(manager, FIGURES, { id: q.id })).quote).toMatchObject({ marginPercent: 30, costTotal: { fen: 120_400_00 } });
    expect((await app.ok(rep, FIGURES, { id: q.id })).quote).toMatchObject({ marginPercent: null, costTotal: null, lines: [{ cost: null, costKnown: true }] });
    const stale = (await app.ok(finance, SET_COSTS, { quoteId: q.id, v: q.version, costs: [{ lineId, costFen: 1 }] })).setQuoteLineCosts;
    expect(stale).toMatchObject({ __typename: "VersionConflictError", currentVersion: q.version + 1 });

    // The rep edits the quantity: the cost stays. The rep changes the design: it must be costed again.
    const more = (await app.ok(rep, UPDATE, { input: { id: q.id, expectedVersion: costed.version, lines: [{ ...special({ quantity: 3 }), id: lineId }] } })).updateQuote;
    expect(more.costKnown).toBe(true);
    const bigger = (await app.ok(rep, UPDATE, { input: { id: q.id, expectedVersion: more.version, lines: [{ ...special({ quantity: 3, spec: "DN300 PN40 CF8M 特殊流道" }), id: lineId }] } })).updateQuote;
    expect(bigger.costKnown).toBe(false);
  });

  it("takes a catalogue line's cost from the price book only, and costs a submitted quote as its next revision", async () => {
    // Prepare: a catalogue line and a non-catalogue one, submitted without the latter's cost
    const productId = await catalogueProduct(app, { list: 1_000, cost: 600 });
    const q = (await app.ok(rep, CREATE, draft(await newDeal(app, rep), [{ productId, quantity: 10, unitPriceFen: 100_000 }, special()]))).createQuote;
    const submitted = (await app.ok(rep, SUBMIT, { id: q.id })).submitQuote;
    expect(levels(submitted)).toEqual(["finance"]);

    // Act
    const [catalogueLine, specialLine] = q.lines.map((l: any) => l.id);
    const wrong = (await app.ok(finance, SET_COSTS, { quoteId: q.id, v: submitted.version, costs: [{ lineId: catalogueLine, costFen: 1 }, { lineId: "nope", costFen: 1 }] })).setQuoteLineCosts;
    const costed = (await app.ok(finance, SET_COSTS, { quoteId: q.id, v: submitted.version, costs: [{ lineId: specialLine, costFen: 50_000_00 }] })).setQuoteLineCosts;

    // Assess: entering the cost changed what approvers saw, so revision 1 is withdrawn, as any edit does
    expect(wrong.fields.map((f: any) => `${f.path.join(".")}:${f.code}`)).toEqual(["costs.0.lineId:CATALOGUE_LINE", "costs.1.lineId:UNKNOWN_LINE"]);
    expect(costed).toMatchObject({ status: "DRAFT", revision: 2, costKnown: true });
    const again = (await app.ok(rep, SUBMIT, { id: q.id })).submitQuote;
    expect(again).toMatchObject({ status: "APPROVED", revision: 2 }); // margin (¥182,000 − ¥106,000) ÷ ¥182,000: 41.76%
  });

  it("sends a line priced below the floor to the general manager, also when the extra discount takes it there", async () => {
    // Prepare: list ¥1,000, floor ¥900, cost ¥500
    const productId = await catalogueProduct(app, { list: 1_000, cost: 500, floor: 900 });
    const quote = async (unitPriceFen: number, extraDiscountFen = 0) =>
      (await app.ok(rep, CREATE, draft(await newDeal(app, rep), [{ productId, quantity: 1.5, unitPriceFen }], { extraDiscountFen }))).createQuote;
    const [below, atFloor, discounted] = [await quote(89_999), await quote(90_000), await quote(90_000, 1)];

    // Act
    const submitted = await Promise.all([below, atFloor, discounted].map(async (q) => (await app.ok(rep, SUBMIT, { id: q.id })).submitQuote));

    // Assess
    expect(submitted.map(levels)).toEqual([["regional-manager", "general-manager"], ["regional-manager"], ["regional-manager", "general-manager"]]);
    expect((await app.ok(manager, FIGURES, { id: below.id })).quote).toMatchObject({ linesBelowFloor: 1, lines: [{ floorPrice: { fen: 90_000 }, belowFloor: true }] });
    expect((await app.ok(rep, FIGURES, { id: below.id })).quote).toMatchObject({ linesBelowFloor: null, lines: [{ floorPrice: null, belowFloor: null }] });
    expect((await emailAbout(manager.email, below.number)).body.text).toMatch(/低于最低限价.{0,3}1行/);
  });

  it("freezes the price book's prices of the day the revision is submitted", async () => {
    // Prepare: the rep quotes at list price while the cost is ¥600 (40% margin)
    const keeper = await priceBookKeeper(app);
    const productId = await catalogueProduct(app, { list: 1_000, cost: 600 });
    const q = (await app.ok(rep, CREATE, draft(await newDeal(app, rep), [{ productId, quantity: 1, unitPriceFen: 100_000 }]))).createQuote;
    const bump = async (over: Record<string, number>) => {
      const { version } = (await app.ok(keeper, PRODUCT_VERSION, { id: productId })).node;
      expect((await app.ok(keeper, UPDATE_PRODUCT, { input: { id: productId, expectedVersion: version, ...over } })).updateProduct.__typename).toBe("Product");
    };

    // Act: finance raises the cost before the rep submits, and cuts it after
    await bump({ standardCostFen: 85_000, listPriceFen: 110_000 });
    const submitted = (await app.ok(rep, SUBMIT, { id: q.id })).submitQuote;
    await bump({ standardCostFen: 50_000 });

    // Assess: submitted with the day's cost (15% margin: finance) and list price (9.09% off: the manager)
    expect(levels(submitted)).toEqual(["regional-manager", "finance"]);
    const seen = (await app.ok(manager, FIGURES, { id: q.id })).quote;
    expect(seen.revisions).toEqual([{ revision: 1, lines: [{ listPrice: { fen: 110_000 }, cost: { fen: 85_000 } }] }]);
    expect(seen).toMatchObject({ marginPercent: 15, lines: [{ listPrice: { fen: 110_000 }, cost: { fen: 85_000 } }] });
  });

  it("keeps a deactivated product on the lines that hold it but refuses it on new ones", async () => {
    const keeper = await priceBookKeeper(app);
    const productId = await catalogueProduct(app, { list: 1_000, cost: 600 });
    const q = (await app.ok(rep, CREATE, draft(await newDeal(app, rep), [{ productId, quantity: 1, unitPriceFen: 100_000 }]))).createQuote;
    const { version } = (await app.ok(keeper, PRODUCT_VERSION, { id: productId })).node;
    await app.ok(keeper, `mutation($id: ID!, $v: Int!) { deactivateProduct(id: $id, expectedVersion: $v) { __typename } }`, { id: productId, v: version });

    const kept = (await app.ok(rep, UPDATE, { input: { id: q.id, expectedVersion: q.version, lines: [{ id: q.lines[0].id, productId, quantity: 2, unitPriceFen: 95_000 }] } })).updateQuote;
    expect(kept).toMatchObject({ __typename: "Quote", lines: [{ product: "高性能蝶阀" }] });
    const added = (await app.ok(rep, UPDATE, { input: { id: q.id, expectedVersion: kept.version, lines: [{ id: q.lines[0].id, quantity: 2, unitPriceFen: 95_000 }, { productId, quantity: 1, unitPriceFen: 95_000 }] } })).updateQuote;
    expect(added.fields).toEqual([{ path: ["lines", "1", "productId"], code: "PRODUCT_INACTIVE", message: "该产品已停用，不能选用" }]);
  });

  it("reads a quote stored before the price book, and sends its uncosted lines to finance when it is submitted again", async () => {
    // Prepare: the quote as it was stored before: a float quantity, the omitted cost stored as 0
    const q = (await app.ok(rep, CREATE, draft(await newDeal(app, rep), [special({ quantity: 1.5 })]))).createQuote;
    const [stored] = await app.deps.store.quotes.getMany([decodeGlobalID(q.id).id]);
    const oldLines = stored!.draft.lines.map(({ quantityMilli, productId, productCode, floorPriceFen, vatRateBp, ...l }) => ({ ...l, quantity: quantityMilli / 1000, costFen: 0 }));
    const old = { ...stored, draft: { ...stored!.draft, lines: oldLines }, totals: { ...stored!.totals, costFen: 0, marginPercent: 100 } } as Record<string, unknown>;
    delete (old.totals as Record<string, unknown>).linesBelowFloor;
    await app.db.doc.send(new PutCommand({ TableName: app.db.table, Item: app.deps.store.quotes.quoteWrite(old as never, null).item.Put!.Item }));

    // Act
    const read = (await app.ok(manager, FIGURES, { id: q.id })).quote;
    const submitted = (await app.ok(rep, SUBMIT, { id: q.id })).submitQuote;

    // Assess
    expect(read.lines).toMatchObject([{ product: "非标电动调节阀", quantity: 1.5, costKnown: false, cost: null }]);
    expect(levels(submitted)).toEqual(["finance"]);
  });

  it("adds the floor condition to a quote policy an organization stored before it existed", async () => {
    // Prepare: an organization whose settings were saved with the old default policy
    const old = await testApp({ orgId: "legacy" });
    await old.serve();
    const oldGm = await old.user({ roles: ["GM"] });
    const oldManager = await old.user({ roles: ["MANAGER"], managerId: oldGm.id });
    const oldRep = await old.user({ managerId: oldManager.id });
    const level = (key: string, anyOf: unknown[], role: string | null) => ({
      key, label: { zh: key, en: key }, anyOf, approver: role ? { kind: "ROLE", role } : { kind: "SUBMITTER_MANAGER" }, slaHours: 24, escalateTo: { kind: "APPROVER_MANAGER" }, escalations: 1,
    });
    const policy = {
      levels: [
        level("regional-manager", [{ field: "discountPercent", op: "GT", value: 5 }], null),
        level("finance", [{ field: "marginPercent", op: "LT", value: 20 }], "FINANCE"),
        level("general-manager", [{ field: "discountPercent", op: "GT", value: 15 }, { field: "totalYuan", op: "GT", value: 1_000_000 }], "GM"),
      ],
    };
    await old.db.doc.send(new PutCommand({ TableName: old.db.table, Item: { pk: "ORG#legacy", sk: "ORG", _type: "Organization", id: "legacy", name: "老组织", version: 3, approvalPolicies: { QUOTE: policy } } }));

    // Act
    const shown = (await old.ok(oldGm, `{ approvalPolicy(kind: QUOTE) { levels { key anyOf { field op value } } } }`)).approvalPolicy.levels;
    const productId = await catalogueProduct(old, { list: 1_000, cost: 500, floor: 990 });
    const q = (await old.ok(oldRep, CREATE, draft(await newDeal(old, oldRep), [{ productId, quantity: 1, unitPriceFen: 98_000 }]))).createQuote;
    const submitted = (await old.ok(oldRep, SUBMIT, { id: q.id })).submitQuote;

    // Assess: 2% off and 49% margin, but below the floor: the GM is asked
    expect(shown[2].anyOf).toContainEqual({ field: "linesBelowFloor", op: "GT", value: 0 });
    expect(levels(submitted)).toEqual(["general-manager"]);
  });
});

describe("the quote's timeline", () => {
  it("names what an edit changed, without the lines' figures", async () => {
    // Prepare
    const opportunityId = await newDeal(app, rep);
    const q = (await app.ok(rep, CREATE, draft(opportunityId, [special()]))).createQuote;

    // Act
    await app.ok(rep, UPDATE, { input: { id: q.id, expectedVersion: q.version, lines: [special({ id: q.lines[0].id, quantity: 3 })], validUntil: "2027-01-15" } });

    // Assess
    const TIMELINE = `query($id: ID!) { quote(id: $id) { timeline { edges { node { kind summary changes { field old new } } } } } }`;
    const [latest] = (await app.ok(rep, TIMELINE, { id: q.id })).quote.timeline.edges.map((e: any) => e.node);
    expect(latest).toEqual({
      kind: "UPDATED",
      summary: "陈刚 修改了 报价行、报价有效期",
      changes: [
        { field: "lines", old: null, new: null },
        { field: "validUntil", old: "2026-12-31", new: "2027-01-15" },
      ],
    });
  });
});
