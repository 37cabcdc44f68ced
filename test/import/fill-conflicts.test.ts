import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, creditCode, customerInput } from "../support/fixtures";
import { commit, uploadImport, workbookRows, XLSX, xlsxOf } from "./support";

const HEADERS = ["客户名称", "客户等级", "行业", "区域", "客户来源", "统一社会信用代码", "网站"];

let app: TestApp;
let admin: User;
const make = async (name: string, code?: string) =>
  (await app.ok(admin, CREATE_CUSTOMER, { input: customerInput({ name, ...(code ? { creditCode: code } : {}) }) })).createCustomer.id as string;
const customer = async (id: string) => (await app.ok(admin, `query($id: ID!) { customer(id: $id) { name creditCode website } }`, { id })).customer;

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
});

describe("UPDATE_EMPTY_FIELDS when a credit code cannot be filled", () => {
  it("two rows naming two customers with one new credit code: the second repeats the first; the commit finishes and counts what it wrote", async () => {
    // Prepare
    const a = await make("导入补填甲有限公司");
    const b = await make("导入补填乙有限公司");
    const code = creditCode();
    const bytes = await xlsxOf([HEADERS, ["导入补填甲有限公司", "B", "石化", "华东", "展会", code, "www.a.example"], ["导入补填乙有限公司", "B", "石化", "华东", "展会", code, "www.b.example"]]);
    // Act
    const { job } = await uploadImport(app, admin, "补填.xlsx", bytes, XLSX);
    // Assess: the second row is reported as repeating the first
    expect(job).toMatchObject({ status: "VALIDATED", duplicateRows: 2 });
    const report = await workbookRows(job.errorReportUrl);
    expect(report.find((r) => r[0] === "导入补填乙有限公司")?.at(-1)).toContain("与第2行重复");
    const done = await commit(app, admin, job.id, "UPDATE_EMPTY_FIELDS");
    expect(done).toMatchObject({ status: "COMMITTED", updated: 1, skipped: 1 });
    expect(await customer(a)).toMatchObject({ creditCode: code, website: "www.a.example" });
    expect(await customer(b)).toMatchObject({ creditCode: null, website: null });
  });

  it("a colleague takes the credit code between dry run and commit: the row is skipped, the import is COMMITTED", async () => {
    // Prepare
    const target = await make("导入补填丙有限公司");
    const code = creditCode();
    const { job } = await uploadImport(app, admin, "抢注.xlsx", await xlsxOf([HEADERS, ["导入补填丙有限公司", "B", "石化", "华东", "展会", code, "www.c.example"]]), XLSX);
    expect(job).toMatchObject({ status: "VALIDATED", duplicateRows: 1 });
    await make("导入抢注有限公司", code);
    // Act
    const done = await commit(app, admin, job.id, "UPDATE_EMPTY_FIELDS");
    // Assess
    expect(done).toMatchObject({ status: "COMMITTED", updated: 0, skipped: 1 });
    expect(await customer(target)).toMatchObject({ creditCode: null, website: null });
  });

  it("a row whose name is one customer and whose credit code is another is invalid, naming both, and fills neither", async () => {
    // Prepare
    const byName = await make("导入癸一有限公司");
    const code = creditCode();
    const byCode = await make("导入癸二有限公司", code);
    // Act
    const { job } = await uploadImport(app, admin, "错配.xlsx", await xlsxOf([HEADERS, ["导入癸一有限公司", "B", "石化", "华东", "展会", code, "www.gui1.example"]]), XLSX);
    // Assess
    expect(job).toMatchObject({ status: "VALIDATED", invalidRows: 1, duplicateRows: 0 });
    const report = await workbookRows(job.errorReportUrl);
    expect(report[1].at(-1)).toBe("名称与已有客户“导入癸一有限公司”相同，但统一社会信用代码属于“导入癸二有限公司”");
    const done = await commit(app, admin, job.id, "UPDATE_EMPTY_FIELDS");
    expect(done).toMatchObject({ status: "COMMITTED", updated: 0 });
    expect((await customer(byName)).website).toBeNull();
    expect((await customer(byCode)).website).toBeNull();
  });
});
