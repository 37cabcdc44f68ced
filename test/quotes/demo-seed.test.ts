import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { priceBookLines, seedProducts } from "../../functions/local/demo-products";
import { testApp, type TestApp } from "../support/app";

let app: TestApp;
let finance: User;

beforeAll(async () => {
  app = await testApp({ orgId: "jierui" });
  finance = await app.user({ name: "林芳", roles: ["FINANCE"] });
});

describe("the demo price book (npm run seed)", () => {
  it("holds a few dozen valves of every family, with realistic costs and floors, once however often it runs", async () => {
    // Act
    const created = await seedProducts(app.deps, finance);
    const again = await seedProducts(app.deps, finance);

    // Assess: finance sees costs 55–75% and floors 85–90% of list
    const book = (await app.ok(finance, `{ products(first: 200) { edges { node { code name spec unit vatRatePercent listPrice { fen } standardCost { fen } floorPrice { fen } } } } }`)).products.edges.map(
      (e: any) => e.node,
    );
    expect([created, again]).toEqual([book.length, 0]);
    expect(book.length).toBeGreaterThanOrEqual(30);
    for (const family of ["闸阀", "截止阀", "球阀", "蝶阀", "止回阀", "调节阀"]) expect(book.some((p: any) => p.name.includes(family))).toBe(true);
    for (const p of book) {
      expect(p.spec).toMatch(/DN\d+ (PN\d+|Class\d+)|安装/);
      const [cost, floor] = [p.standardCost.fen / p.listPrice.fen, p.floorPrice.fen / p.listPrice.fen];
      expect(cost >= 0.545 && cost <= 0.755 && floor >= 0.845 && floor <= 0.905).toBe(true);
    }
    expect(book.find((p: any) => p.code === "D343H-16C-DN300")).toMatchObject({ name: "三偏心蝶阀", unit: "台", vatRatePercent: 13, listPrice: { fen: 1_860_000 } });
    // What the seed command prints.
    const printed = await priceBookLines(app.deps, app.orgId);
    expect(printed).toHaveLength(book.length);
    expect(printed.find((l) => l.includes("D343H-16C-DN300"))).toContain("¥18,600.00/台");
  });
});
