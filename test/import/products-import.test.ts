import { afterEach, describe, expect, it } from "vitest";
import { commitHooks } from "../../functions/core/import/commit";
import { testApp } from "../support/app";
import { commit, uploadImport, workbookRows, XLSX, xlsxOf } from "./support";

const PRODUCTS = { kind: "PRODUCTS" };
const HEADERS = ["产品编码*", "产品名称*", "规格型号", "单位*", "标准价（元）*", "标准成本（元）*", "最低限价（元）*", "税率（%）"];
const LIST = `{ products(first: 100) { edges { node { code name unit listPrice { fen } standardCost { fen } floorPrice { fen } vatRatePercent
  timeline(first: 5) { edges { node { kind note } } } } } } }`;

afterEach(() => {
  commitHooks.afterBatch = undefined;
});

describe("importing products (ADMIN only)", () => {
  it("checks rows as createProduct does, finds taken codes, and after a crash creates every product once", async () => {
    // Prepare
    const app = await testApp();
    await app.serve();
    const admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
    const manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
    const finance = await app.user({ name: "财务", roles: ["FINANCE"] });
    const made = await app.ok(
      admin,
      `mutation { createProduct(input: { code: "OLD-1", name: "旧产品", unit: "台", listPriceFen: 100, standardCostFen: 50, floorPriceFen: 80 }) { __typename } }`,
    );
    expect(made.createProduct.__typename).toBe("Product");
    const rows: (string | number)[][] = [HEADERS];
    for (let i = 1; i <= 12; i++) rows.push([`bv-${i}`, `蝶阀${i}`, "", "台", "12,800.50", 8600, "11,000", ""]);
    rows.push(["old-1", "重复旧编码", "", "台", 1, 1, 1, ""]);
    rows.push(["BV-1", "文件内重复", "", "台", 1, 1, 1, ""]);
    rows.push(["坏 编码", "坏编码", "", "台", 1, 1, 1, ""]);
    rows.push(["BAD-2", "限价过高", "", "台", 100, 50, 200, ""]);
    rows.push(["BAD-3", "三位小数", "", "台", "1.005", 1, 1, ""]);
    rows.push(["BAD-4", "坏税率", "", "台", 1, 1, 1, 7]);
    const bytes = await xlsxOf(rows);

    // A manager may import customers but not the price book.
    const refused = await uploadImport(app, manager, "产品.xlsx", bytes, XLSX, PRODUCTS);
    expect(refused.started.__typename).toBe("ForbiddenError");

    // Act: the dry run
    const { job } = await uploadImport(app, admin, "产品.xlsx", bytes, XLSX, PRODUCTS);
    // Assess
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 12, duplicateRows: 2, invalidRows: 4 });
    const report = await workbookRows(job.errorReportUrl);
    const problem = new Map(report.slice(1).map((r) => [r[1], r.at(-1)]));
    expect(problem.get("重复旧编码")).toBe("产品编码 OLD-1 已被使用");
    expect(problem.get("文件内重复")).toBe("与第2行重复（产品编码相同）");
    expect(problem.get("坏编码")).toBe("产品编码：编码只能包含字母、数字和 . _ / -");
    expect(problem.get("限价过高")).toBe("最低限价（元）：最低限价不能高于标准价");
    expect(problem.get("三位小数")).toBe("标准价（元）：须为不小于0的整数（分）");
    expect(problem.get("坏税率")).toBe("税率（%）：增值税率只能是 0/1/3/6/9/13%");

    // Act: the commit dies after its first batch, then runs again.
    commitHooks.afterBatch = (n) => {
      if (n === 1) throw new Error("injected crash");
    };
    expect((await commit(app, admin, job.id)).status).toBe("COMMITTING");
    commitHooks.afterBatch = undefined;
    const done = await commit(app, admin, job.id);

    // Assess: twelve new products once each, prices in fen, VAT defaulted, one activity naming the file.
    expect(done).toMatchObject({ status: "COMMITTED", created: 12, skipped: 2 });
    const products = (await app.ok(finance, LIST)).products.edges.map((e: any) => e.node);
    expect(products).toHaveLength(13);
    expect(products.find((p: any) => p.code === "BV-3")).toEqual({
      code: "BV-3",
      name: "蝶阀3",
      unit: "台",
      listPrice: { fen: 1280050 },
      standardCost: { fen: 860000 },
      floorPrice: { fen: 1100000 },
      vatRatePercent: 13,
      timeline: { edges: [{ node: { kind: "CREATED", note: "从文件“产品.xlsx”导入" } }] },
    });
    expect(products.filter((p: any) => p.code.startsWith("BV-")).every((p: any) => p.timeline.edges.length === 1)).toBe(true);
  });

  it("the template has Chinese headers; a manager cannot get it", async () => {
    const app = await testApp();
    await app.serve();
    const admin = await app.user({ roles: ["ADMIN"] });
    const manager = await app.user({ roles: ["MANAGER"] });
    const url = (await app.ok(admin, `{ importTemplate(kind: PRODUCTS) }`)).importTemplate;
    expect((await workbookRows(url))[0].slice(0, 4)).toEqual(["产品编码*", "产品名称*", "规格型号", "单位*"]);
    const res = await app.gql(manager, `{ importTemplate(kind: PRODUCTS) }`);
    expect(res.errors?.[0]?.message).toBeTruthy();
  });
});
