import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";

let app: TestApp;
let admin: User;
let finance: User;
let manager: User;
let rep: User;
let tech: User;

const PRODUCT = `__typename ... on Error { message } ... on ValidationError { fields { path code } }
  ... on Product { id code name spec unit listPrice { fen } standardCost { fen } floorPrice { fen } vatRatePercent active version }`;
const DUPLICATE = "... on DuplicateProductCodeError { code existingProductId }";
const CONFLICT = "... on VersionConflictError { currentVersion }";
const CREATE = `mutation($input: CreateProductInput!) { createProduct(input: $input) { ${PRODUCT} ${DUPLICATE} } }`;
const UPDATE = `mutation($input: UpdateProductInput!) { updateProduct(input: $input) { ${PRODUCT} ${DUPLICATE} ${CONFLICT} } }`;
const DEACTIVATE = `mutation($id: ID!, $v: Int!) { deactivateProduct(id: $id, expectedVersion: $v) { ${PRODUCT} ${CONFLICT} } }`;
const LIST = `query($filter: ProductFilter, $first: Int, $after: String) { products(filter: $filter, first: $first, after: $after) {
  edges { node { code name standardCost { fen } floorPrice { fen } active } } pageInfo { hasNextPage endCursor } } }`;

const gateValve = (overrides: Record<string, unknown> = {}) => ({
  code: "z41h-16c-dn100",
  name: "楔式闸阀",
  spec: "DN100 PN16 WCB",
  unit: "台",
  listPriceFen: 2_680_00,
  standardCostFen: 1_720_00,
  floorPriceFen: 2_350_00,
  vatRatePercent: 13,
  ...overrides,
});

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  finance = await app.user({ name: "林芳", roles: ["FINANCE"] });
  manager = await app.user({ name: "王海涛", roles: ["MANAGER"] });
  rep = await app.user({ name: "陈刚", managerId: manager.id });
  tech = await app.user({ name: "马志远", roles: ["TECH"] });
});

describe("the price book (产品目录)", () => {
  it("is kept by ADMIN and FINANCE; a rep, manager or TECH cannot add or change a product", async () => {
    // Act
    const created = (await app.ok(finance, CREATE, { input: gateValve() })).createProduct;
    const byRep = (await app.ok(rep, CREATE, { input: gateValve({ code: "X-1" }) })).createProduct;
    const byManager = (await app.ok(manager, UPDATE, { input: { id: created.id, expectedVersion: 1, listPriceFen: 1 } })).updateProduct;
    const byTech = (await app.ok(tech, DEACTIVATE, { id: created.id, v: 1 })).deactivateProduct;

    // Assess
    expect(created).toMatchObject({ __typename: "Product", code: "Z41H-16C-DN100", listPrice: { fen: 2_680_00 }, standardCost: { fen: 1_720_00 }, floorPrice: { fen: 2_350_00 }, active: true, version: 1 });
    expect([byRep.__typename, byManager.__typename, byTech.__typename]).toEqual(["ForbiddenError", "ForbiddenError", "ForbiddenError"]);
    const stored = (await app.ok(finance, LIST, { filter: { search: "Z41H" } })).products.edges;
    expect(stored.map((e: any) => e.node.standardCost.fen)).toEqual([1_720_00]);
  });

  it("shows cost and floor to MANAGER, FINANCE and GM only", async () => {
    const gm = await app.user({ roles: ["GM"] });
    const sees = async (u: User) => (await app.ok(u, LIST, { filter: { search: "z41h-16c" } })).products.edges[0].node;
    expect(await sees(rep)).toMatchObject({ name: "楔式闸阀", standardCost: null, floorPrice: null });
    expect(await sees(tech)).toMatchObject({ standardCost: null, floorPrice: null });
    expect(await sees(admin)).toMatchObject({ standardCost: null, floorPrice: null });
    for (const u of [manager, finance, gm]) expect(await sees(u)).toMatchObject({ standardCost: { fen: 1_720_00 }, floorPrice: { fen: 2_350_00 } });
    // Nor does the product's timeline tell a rep what the cost was changed to.
    const id = (await app.ok(admin, `{ products(filter: { search: "z41h-16c" }) { edges { node { id version } } } }`)).products.edges[0].node;
    await app.ok(finance, UPDATE, { input: { id: id.id, expectedVersion: id.version, standardCostFen: 1_800_00, name: "楔式闸阀(软密封)" } });
    const timeline = `query($id: ID!) { node(id: $id) { ... on Product { timeline { edges { node { kind changes { field } } } } } } }`;
    const fieldsSeen = async (u: User) => (await app.ok(u, timeline, { id: id.id })).node.timeline.edges[0].node.changes.map((c: any) => c.field).sort();
    expect(await fieldsSeen(finance)).toEqual(["name", "standardCostFen"]);
    expect(await fieldsSeen(rep)).toEqual(["name"]);
  });

  it("refuses a duplicate code (any case), a floor above the list price and a rate China does not have, changing nothing", async () => {
    const first = (await app.ok(admin, CREATE, { input: gateValve({ code: "Q41F-16P-DN50" }) })).createProduct;
    const dup = (await app.ok(admin, CREATE, { input: gateValve({ code: " q41f-16p-dn50 ", name: "另一个" }) })).createProduct;
    expect(dup).toMatchObject({ __typename: "DuplicateProductCodeError", code: "Q41F-16P-DN50", existingProductId: first.id });
    expect(dup.message).toContain("已被使用");

    const bad = (await app.ok(admin, CREATE, { input: gateValve({ code: "BAD 1", floorPriceFen: 3_000_00, vatRatePercent: 17, name: " " }) })).createProduct;
    expect(bad.fields.map((f: any) => `${f.path.join(".")}:${f.code}`).sort()).toEqual(["code:INVALID_CODE", "floorPriceFen:FLOOR_ABOVE_LIST", "name:REQUIRED", "vatRatePercent:NOT_ALLOWED"]);

    const lower = (await app.ok(admin, UPDATE, { input: { id: first.id, expectedVersion: first.version, listPriceFen: 2_000_00 } })).updateProduct;
    expect(lower.fields).toEqual([{ path: ["listPriceFen"], code: "FLOOR_ABOVE_LIST" }]);
    const names = (await app.ok(admin, LIST, { filter: { search: "q41f" } })).products.edges.map((e: any) => e.node.name);
    expect(names).toEqual(["楔式闸阀"]);
  });

  it("moves a product to a new code and frees the old one; a stale version is refused", async () => {
    const p = (await app.ok(admin, CREATE, { input: gateValve({ code: "J41H-25-DN80" }) })).createProduct;
    const moved = (await app.ok(finance, UPDATE, { input: { id: p.id, expectedVersion: p.version, code: "J41H-25-DN80-A" } })).updateProduct;
    expect(moved).toMatchObject({ code: "J41H-25-DN80-A", version: 2 });
    const stale = (await app.ok(admin, UPDATE, { input: { id: p.id, expectedVersion: 1, listPriceFen: 3_000_00 } })).updateProduct;
    expect(stale).toMatchObject({ __typename: "VersionConflictError", currentVersion: 2 });
    const reuse = (await app.ok(admin, CREATE, { input: gateValve({ code: "J41H-25-DN80" }) })).createProduct;
    expect(reuse.__typename).toBe("Product");
  });

  it("lists the book in natural code order (DN80 before DN250), by search and active flag, page by page", async () => {
    const other = await testApp({ orgId: "other-org" });
    const keeper = await other.user({ roles: ["ADMIN"] });
    for (const code of ["D343X-10-DN300", "D343X-10-DN80", "H44H-16C-DN150", "D343X-10-DN250"]) {
      await other.ok(keeper, CREATE, { input: gateValve({ code, name: code.startsWith("D") ? "三偏心蝶阀" : "旋启式止回阀" }) });
    }
    const p = (await other.ok(keeper, `{ products(filter: { search: "H44H" }) { edges { node { id version } } } }`)).products.edges[0].node;
    await other.ok(keeper, DEACTIVATE, { id: p.id, v: p.version });

    const page1 = (await other.ok(keeper, LIST, { first: 2 })).products;
    const page2 = (await other.ok(keeper, LIST, { first: 2, after: page1.pageInfo.endCursor })).products;
    expect([...page1.edges, ...page2.edges].map((e: any) => e.node.code)).toEqual(["D343X-10-DN80", "D343X-10-DN250", "D343X-10-DN300", "H44H-16C-DN150"]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const butterflies = (await other.ok(keeper, LIST, { filter: { search: "蝶阀", active: true } })).products.edges;
    expect(butterflies).toHaveLength(3);
    const inactive = (await other.ok(keeper, LIST, { filter: { active: false } })).products.edges;
    expect(inactive.map((e: any) => [e.node.code, e.node.active])).toEqual([["H44H-16C-DN150", false]]);
    // Each organization sees its own book only.
    expect((await app.ok(admin, LIST, { filter: { search: "D343X" } })).products.edges).toEqual([]);
  });
});
