import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, creditCode, customerInput } from "../support/fixtures";
import { commit, CUSTOMERS_BY_NAME, gbkCsv, importOf, uploadImport, workbookRows, XLSX, xlsxOf } from "./support";

const HEADERS = ["客户名称", "客户等级", "行业", "区域", "客户来源", "统一社会信用代码", "负责人", "联系人", "联系人电话", "地址"];

let app: TestApp;
let admin: User, manager: User, alice: User, outsider: User;
let existingCode: string;
let existingId: string;

const customers = async (as: User) => (await app.ok(as, CUSTOMERS_BY_NAME)).customers.edges.map((e: any) => e.node);

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
  alice = await app.user({ name: "王丽", managerId: manager.id });
  await app.user({ name: "陈刚", email: "chen.gang@example.com", managerId: manager.id });
  const other = await app.user({ name: "钱经理", roles: ["MANAGER"] });
  outsider = await app.user({ name: "孙倩", managerId: other.id });
  existingCode = creditCode();
  const made = await app.ok(alice, CREATE_CUSTOMER, { input: customerInput({ name: "宁波已有阀门有限公司", creditCode: existingCode }) });
  existingId = made.createCustomer.id;
});

describe("importing customers from a GBK CSV (Excel on Chinese Windows)", () => {
  let importId: string;
  const codeOne = creditCode();

  it("dry run: counts new, duplicate (in the file and against the table) and invalid rows, nothing written", async () => {
    // Prepare
    const csv = gbkCsv([
      HEADERS,
      ["杭州新建流体有限公司", "A", "石化", "华东", "展会", codeOne, "王丽", "王工", "13800000001", "杭州市，滨江区"],
      ["苏州新建阀门有限公司", "b", "电力", "华东", "转介绍", "", "chen.gang@example.com", "", "", ""],
      ["杭州新建流体 有限公司", "A", "石化", "华东", "展会", "", "王丽", "", "", ""],
      ["别名已有公司", "C", "化工", "华东", "展会", existingCode, "", "", "", ""],
      ["坏代码公司", "A", "化工", "华东", "展会", "91330200MA2A00000X", "", "", "", ""],
      ["无主公司", "B", "化工", "华东", "展会", "", "不存在的人", "", "", ""],
      ["缺等级公司", "", "化工", "华东", "展会", "", "", "", "", ""],
      ["", "", "", "", "", "", "", "", "", ""],
    ]);
    // Act
    const { job } = await uploadImport(app, admin, "客户名单.csv", csv, "text/csv");
    // Assess
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 2, duplicateRows: 2, invalidRows: 3, created: 0, processed: 7, total: 7 });
    expect((await customers(admin)).map((c: any) => c.name)).toEqual(["宁波已有阀门有限公司"]);
    importId = job.id;
  });

  it("the error report holds the original rows and, in Chinese, what is wrong with each", async () => {
    const job = await importOf(app, admin, importId);
    const rows = await workbookRows(job.errorReportUrl);
    expect(rows[0]).toEqual([...HEADERS, "原行号", "错误说明"]);
    const byRow = new Map(rows.slice(1).map((r) => [r[HEADERS.length], r]));
    expect([...byRow.keys()]).toEqual(["4", "5", "6", "7", "8"]);
    expect(byRow.get("4")?.[0]).toBe("杭州新建流体 有限公司");
    expect(byRow.get("4")?.at(-1)).toBe("与第2行重复（名称相同）");
    expect(byRow.get("5")?.[5]).toBe(existingCode);
    expect(byRow.get("5")?.at(-1)).toContain("已有客户“宁波已有阀门有限公司”");
    expect(byRow.get("6")?.[5]).toBe("91330200MA2A00000X");
    expect(byRow.get("6")?.at(-1)).toBe("统一社会信用代码无效（应为18位且校验位正确）");
    expect(byRow.get("7")?.at(-1)).toBe("负责人不存在或已停用");
    expect(byRow.get("8")?.at(-1)).toBe("客户等级：不能为空");
  });

  it("commit creates the new rows with their owners and one activity naming the file; duplicates are skipped", async () => {
    const done = await commit(app, admin, importId, "SKIP");
    expect(done).toMatchObject({ __typename: "Import", status: "COMMITTED", created: 2, skipped: 2, updated: 0, pooled: 0, processed: 4, total: 4 });
    const list = await customers(admin);
    const hz = list.find((c: any) => c.name === "杭州新建流体有限公司");
    expect(hz).toMatchObject({ tier: "A", creditCode: codeOne, owner: { name: "王丽" } });
    expect(list.find((c: any) => c.name === "苏州新建阀门有限公司")).toMatchObject({ tier: "B", owner: { name: "陈刚" } });
    expect(list).toHaveLength(3);
    const timeline = await app.ok(alice, `query($id: ID!) { customer(id: $id) { contacts { name phone } address timeline(first: 10) { edges { node { kind note } } } } }`, { id: hz.id });
    expect(timeline.customer.timeline.edges.map((e: any) => e.node)).toEqual([{ kind: "CREATED", note: "从文件“客户名单.csv”导入" }]);
    expect(timeline.customer.contacts).toEqual([{ name: "王工", phone: "13800000001" }]);
    expect(timeline.customer.address).toBe("杭州市，滨江区");
    // The imported customer counts against the owner's holding, as one created by hand.
    expect((await app.reload(alice)).ownedCount).toBe(2);
  });

  it("a committed import cannot be committed again", async () => {
    const again = await commit(app, admin, importId, "SKIP");
    expect(again).toMatchObject({ __typename: "ImportStatusError", status: "COMMITTED" });
    expect(again.message).toContain("已导入");
  });
});

describe("importing an .xlsx with Chinese headers as a manager", () => {
  it("rows for someone outside the team are refused; UPDATE_EMPTY_FIELDS fills what an existing customer lacks", async () => {
    // Prepare: numbers typed as numbers, as Excel keeps them.
    const bytes = await xlsxOf([
      ["客户名称*", "客户等级*", "行业*", "区域*", "客户来源*", "负责人", "联系人电话", "联系人", "地址"],
      ["宁波已有阀门有限公司", "B", "石化", "华东", "展会", "王丽", 13900000002, "李工", "宁波市北仑区"],
      ["外队客户有限公司", "A", "石化", "华东", "展会", "孙倩", "", "", ""],
      ["团队新客户有限公司", "C", "石化", "华东", "展会", "", 13900000003, "周工", ""],
    ]);
    // Act
    const { job } = await uploadImport(app, manager, "团队客户.xlsx", bytes, XLSX);
    // Assess
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 1, duplicateRows: 1, invalidRows: 1 });
    const report = await workbookRows(job.errorReportUrl);
    expect(report.find((r) => r[0] === "外队客户有限公司")?.at(-1)).toBe("负责人：不在您的团队中（经理只能为自己和团队成员导入）");
    const done = await commit(app, manager, job.id, "UPDATE_EMPTY_FIELDS");
    expect(done).toMatchObject({ status: "COMMITTED", created: 1, updated: 1, skipped: 0 });
    const existing = await app.ok(alice, `query($id: ID!) { customer(id: $id) { tier address contacts { name phone } timeline(first: 5) { edges { node { kind note } } } } }`, { id: existingId });
    // The address and contact were empty: filled; the tier was set: kept.
    expect(existing.customer).toMatchObject({ tier: "B", address: "宁波市北仑区", contacts: [{ name: "李工", phone: "13900000002" }] });
    expect(existing.customer.timeline.edges[0].node).toEqual({ kind: "UPDATED", note: "从文件“团队客户.xlsx”导入" });
    const mine = (await customers(manager)).find((c: any) => c.name === "团队新客户有限公司");
    expect(mine.owner.name).toBe("赵经理");
    expect(outsider.id).toBeTruthy();
  });

  it("a rep may not import, and a manager does not see the admin's imports", async () => {
    const bytes = await xlsxOf([["客户名称"], ["某公司"]]);
    const { started } = await uploadImport(app, alice, "x.xlsx", bytes, XLSX);
    expect(started.__typename).toBe("ForbiddenError");
    const mine = await app.ok(manager, `{ imports(first: 10) { edges { node { fileName } } } }`);
    expect(mine.imports.edges.map((e: any) => e.node.fileName)).toEqual(["团队客户.xlsx"]);
    const all = await app.ok(admin, `{ imports(first: 10) { edges { node { fileName createdBy { name } } } } }`);
    expect(all.imports.edges.map((e: any) => e.node.fileName).slice(-2)).toEqual(["团队客户.xlsx", "客户名单.csv"]);
  });

  it("English headers in a UTF-8 CSV (with BOM) work too; an English reader's report is in English", async () => {
    const david = await app.user({ name: "David Lin", roles: ["ADMIN"], locale: "en" });
    const csv = Buffer.from("\ufeffName,Tier,Industry,Region,Source,Credit code\r\n上海英文表头有限公司,A,化工,华东,官网,\r\n坏代码二公司,A,化工,华东,官网,123\r\n", "utf8");
    const { job } = await uploadImport(app, david, "customers.csv", csv, "text/csv");
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 1, invalidRows: 1 });
    const rows = await workbookRows(job.errorReportUrl);
    expect(rows[0]).toEqual(["Name", "Tier", "Industry", "Region", "Source", "Credit code", "Row", "Problems"]);
    expect(rows[1]).toEqual(["坏代码二公司", "A", "化工", "华东", "官网", "123", "3", "Credit code: is not a valid unified social credit code (18 characters with a correct check character)"]);
  });

  it("a file without the required columns fails with a reason", async () => {
    const { job } = await uploadImport(app, admin, "wrong.csv", Buffer.from("名字,电话\r\n某公司,123\r\n"), "text/csv");
    expect(job.status).toBe("FAILED");
    expect(job.failure).toBe("文件缺少必填列：客户名称、客户等级、行业、区域、客户来源（在第一个工作表的前5行中查找表头；请使用导入模板的表头）");
  });

  it("the template has Chinese headers, required ones marked, and an example row that passes", async () => {
    const url = (await app.ok(admin, `{ importTemplate(kind: CUSTOMERS) }`)).importTemplate;
    const rows = await workbookRows(url);
    expect(rows[0].slice(0, 6)).toEqual(["客户名称*", "客户等级*", "行业*", "区域*", "客户来源*", "统一社会信用代码"]);
    expect(rows[1][0]).toBe("宁波示例阀门有限公司");
  });
});
