import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { commit, uploadImport, workbookRows, XLSX, xlsxOf } from "./support";

let app: TestApp;
let admin: User;

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
});

const contactsOf = async (name: string) => {
  const res = await app.ok(admin, `query { customers(first: 50) { edges { node { name contacts { name phone } } } } }`);
  return res.customers.edges.map((e: any) => e.node).find((n: any) => n.name === name)?.contacts;
};

describe("finding the header row as teams draw their sheets", () => {
  it("a merged title line above headers marked （必填）: the header is found, the rows import", async () => {
    // Prepare
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet("客户");
    ws.addRow(["2026年华东区客户清单（内部）"]);
    ws.mergeCells("A1:F1");
    ws.addRow(["客户名称（必填）", "客户等级（必填）", "行业*", "区域（必填）", "客户来源（必填）", "手机"]);
    ws.addRow(["标题行一号有限公司", "A", "石化", "华东", "展会", "13800000001"]);
    ws.addRow(["标题行二号有限公司", "B", "石化", "华东", "展会", ""]);
    // Act
    const { job } = await uploadImport(app, admin, "标题行.xlsx", Buffer.from(await book.xlsx.writeBuffer()), XLSX);
    // Assess: the unknown column is named, not dropped silently
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 2, invalidRows: 0, ignoredColumns: ["手机"] });
  });

  it("a two-row header (联系人信息 over 联系人 / 联系人电话): the sub-header row is read, the contacts come in", async () => {
    // Prepare
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet("客户");
    ws.addRow(["客户名称*", "客户等级*", "行业*", "区域*", "客户来源*", "联系人信息", ""]);
    ws.addRow(["客户名称*", "客户等级*", "行业*", "区域*", "客户来源*", "联系人", "联系人电话"]);
    for (const col of ["A", "B", "C", "D", "E"]) ws.mergeCells(`${col}1:${col}2`);
    ws.mergeCells("F1:G1");
    ws.addRow(["双行表头一号有限公司", "A", "石化", "华东", "展会", "王工", "13800000002"]);
    ws.addRow(["双行表头二号有限公司", "B", "石化", "华东", "展会", "李工", "13800000003"]);
    // Act
    const { job } = await uploadImport(app, admin, "双行表头.xlsx", Buffer.from(await book.xlsx.writeBuffer()), XLSX);
    // Assess
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 2, invalidRows: 0, ignoredColumns: [] });
    expect(await commit(app, admin, job.id)).toMatchObject({ status: "COMMITTED", created: 2 });
    expect(await contactsOf("双行表头一号有限公司")).toEqual([{ name: "王工", phone: "13800000002" }]);
  });

  it("a column named twice fails the file, naming the header and both columns, rather than reading one of them", async () => {
    const csv = Buffer.from("客户名称,客户等级,客户名称,行业,区域,客户来源\r\n重复表头有限公司,A,另一个名字有限公司,石化,华东,展会\r\n", "utf8");
    const { job } = await uploadImport(app, admin, "重复表头.csv", csv, "text/csv");
    expect(job).toMatchObject({ status: "FAILED", failure: "表头重复：客户名称（第1、3列）。请只保留一列后重新上传", newRows: 0 });
  });

  it("a credit code Excel stored as a number is refused with the reason, not as a typo", async () => {
    // Prepare: the code typed into a number cell (Excel keeps 15 significant digits: 913302060123456768 becomes …800).
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet("客户");
    ws.addRow(["客户名称", "客户等级", "行业", "区域", "客户来源", "统一社会信用代码"]);
    ws.addRow(["数字信用代码有限公司", "A", "石化", "华东", "展会", 913302060123456768]);
    // Act
    const { job } = await uploadImport(app, admin, "数字代码.xlsx", Buffer.from(await book.xlsx.writeBuffer()), XLSX);
    // Assess
    expect(job).toMatchObject({ status: "VALIDATED", invalidRows: 1, newRows: 0 });
    const report = await workbookRows(job.errorReportUrl);
    expect(report[1].at(-1)).toContain("疑似被Excel存为数字而丢失了末几位：请把该列设为“文本”格式后重新填写");
  });

  it("a header and no data rows fails with a clear reason", async () => {
    const csv = Buffer.from("客户名称,客户等级,行业,区域,客户来源\r\n\r\n,,,,\r\n", "utf8");
    const { job } = await uploadImport(app, admin, "空.csv", csv, "text/csv");
    expect(job).toMatchObject({ status: "FAILED", failure: "文件中没有数据行：表头下方没有可导入的内容" });
  });

  it("the template's example row left in is refused as the example, not imported", async () => {
    const bytes = await xlsxOf([
      ["客户名称*", "客户等级*", "行业*", "区域*", "客户来源*", "统一社会信用代码"],
      ["宁波示例阀门有限公司", "A", "石化", "华东", "展会", "91330206MA2A8X3Y11"],
      ["真实客户有限公司", "B", "石化", "华东", "展会", ""],
    ]);
    const { job } = await uploadImport(app, admin, "带示例.xlsx", bytes, XLSX);
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 1, invalidRows: 1 });
    expect(await commit(app, admin, job.id)).toMatchObject({ status: "COMMITTED", created: 1 });
    expect(await contactsOf("宁波示例阀门有限公司")).toBeUndefined();
  });
});
