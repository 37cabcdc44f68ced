import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";
import { CREATE, LOSE, yuan } from "../support/pipeline";
import { EXPORT_OPPORTUNITIES, exportAndDownload } from "./support";

let app: TestApp;
let admin: User;
let manager: User;
let alice: User;
let bob: User;
let outsider: User;
let david: User;

async function deal(owner: User, customer: string, title: string, fields: Record<string, unknown> = {}): Promise<string> {
  const c = await app.ok(owner, CREATE_CUSTOMER, { input: customerInput({ name: customer }) });
  const res = await app.ok(owner, CREATE, { input: { customerId: c.createCustomer.id, title, ...fields } });
  if (res.createOpportunity.__typename !== "Opportunity") throw new Error(JSON.stringify(res.createOpportunity));
  return res.createOpportunity.id;
}

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
  alice = await app.user({ name: "王丽", managerId: manager.id });
  bob = await app.user({ name: "陈刚", managerId: manager.id });
  outsider = await app.user({ name: "外队", managerId: null });
  david = await app.user({ name: "David Lin", locale: "en", managerId: manager.id });
  const product = await app.ok(admin, `mutation($input: CreateProductInput!) { createProduct(input: $input) { __typename ... on Product { id } } }`, {
    input: { code: "D371X-300", name: "高性能蝶阀", spec: "DN300 PN16", unit: "台", listPriceFen: 1_000_000, standardCostFen: 700_000, floorPriceFen: 800_000 },
  });
  const dealId = await deal(alice, "宁波石化", "DN300 蝶阀更换", { amount: yuan(1_234_567.89), expectedCloseOn: "2026-12-20" });
  // A draft quote at ¥9,000 a unit against a cost of ¥7,000: 22.22% margin.
  const quote = await app.ok(alice, `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { __typename ... on Error { message } ... on Quote { id } } }`, {
    input: { opportunityId: dealId, lines: [{ productId: product.createProduct.id, quantity: 2, unitPriceFen: 900_000 }] },
  });
  expect(quote.createQuote.__typename).toBe("Quote");
  const lost = await deal(alice, "杭州热电", "阀门年度框架", { amount: yuan(50_000) });
  expect((await app.ok(alice, LOSE, { id: lost, reason: "价格高于竞品" })).markOpportunityLost.__typename).toBe("Opportunity");
  await deal(bob, "苏州水务", "调节阀改造", { amount: yuan(88_000) });
  await deal(outsider, "外队客户", "外队商机");
  await deal(david, "Wuxi Steel", "Gate valves");
});

const titles = (rows: Record<string, unknown>[], header = "商机名称") => rows.map((r) => r[header]).sort();

describe("exportOpportunities", () => {
  it("gives a rep their own deals: amounts in yuan with the currency, stage labels, dates as Excel dates; no margins", async () => {
    const { file, sheet } = await exportAndDownload(app, alice, EXPORT_OPPORTUNITIES);
    expect(file.fileName).toBe("商机导出-2026-11-23.xlsx");
    expect(titles(sheet.rows)).toEqual(["DN300 蝶阀更换", "阀门年度框架"].sort());
    expect(sheet.headers.slice(0, 10)).toEqual(["商机名称", "客户", "阶段", "赢率（%）", "预计金额（含税）", "币种", "预计成交日期", "负责人", "预测类别", "结果"]);
    expect(sheet.headers).not.toContain("毛利率");
    expect(sheet.headers).not.toContain("成本");
    const open = sheet.rows.find((r) => r["商机名称"] === "DN300 蝶阀更换")!;
    expect(open).toMatchObject({ 客户: "宁波石化", 阶段: "线索登记", "赢率（%）": 10, "预计金额（含税）": 1_234_567.89, 币种: "CNY", 负责人: "王丽", 结果: "进行中" });
    expect(open["预计成交日期"]).toEqual(new Date(Date.UTC(2026, 11, 20)));
    expect(sheet.formats["预计金额（含税）"]).toBe("#,##0.00");
    expect(sheet.formats["预计成交日期"]).toBe("yyyy-mm-dd");
    const lost = sheet.rows.find((r) => r["商机名称"] === "阀门年度框架")!;
    expect(lost).toMatchObject({ 阶段: "输单", "赢率（%）": 0, 结果: "输单", 输单原因: "价格高于竞品" });
  });

  it("gives a manager the team's deals with the newest quote's cost and margin, and ADMIN everything", async () => {
    const { sheet } = await exportAndDownload(app, manager, EXPORT_OPPORTUNITIES);
    expect(titles(sheet.rows)).toEqual(["DN300 蝶阀更换", "阀门年度框架", "调节阀改造", "Gate valves"].sort());
    const quoted = sheet.rows.find((r) => r["商机名称"] === "DN300 蝶阀更换")!;
    expect(quoted).toMatchObject({ "报价金额（不含税）": 18_000, 成本: 14_000, 毛利率: 0.2222 });
    expect(sheet.formats["毛利率"]).toBe("0.00%");
    expect(sheet.rows.find((r) => r["商机名称"] === "调节阀改造")).toMatchObject({ "预计金额（含税）": 88_000, 币种: "CNY", 毛利率: null });
    const all = await exportAndDownload(app, admin, EXPORT_OPPORTUNITIES);
    expect(all.file.rowCount).toBe(5);
    // ADMIN sees every deal but not margins: the API's own rule (MANAGER, FINANCE, GM).
    expect(all.sheet.headers).not.toContain("毛利率");
  });

  it("applies the list's filter", async () => {
    const { sheet } = await exportAndDownload(app, manager, EXPORT_OPPORTUNITIES, { stage: "LOST" });
    expect(titles(sheet.rows)).toEqual(["阀门年度框架"]);
    const closing = await exportAndDownload(app, admin, EXPORT_OPPORTUNITIES, { closeFrom: "2026-12-01", closeTo: "2026-12-31" });
    expect(titles(closing.sheet.rows)).toEqual(["DN300 蝶阀更换"]);
    const bad = await app.ok(admin, EXPORT_OPPORTUNITIES, { filter: { closeFrom: "2026-12-31", closeTo: "2026-12-01" } });
    expect(bad.exportOpportunities.fields).toEqual([{ path: ["filter", "closeTo"], code: "BEFORE_START" }]);
  });

  it("writes English headers and labels for a user who reads English", async () => {
    const { file, sheet } = await exportAndDownload(app, david, EXPORT_OPPORTUNITIES);
    expect(file.fileName).toBe("Opportunities-export-2026-11-23.xlsx");
    expect(sheet.sheetName).toBe("Opportunities");
    expect(sheet.headers.slice(0, 6)).toEqual(["Title", "Customer", "Stage", "Probability (%)", "Amount (incl. VAT)", "Currency"]);
    expect(sheet.rows).toEqual([expect.objectContaining({ Title: "Gate valves", Customer: "Wuxi Steel", Stage: "Lead", Outcome: "Open", "Forecast category": "Pipeline" })]);
  });
});
