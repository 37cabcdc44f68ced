import ExcelJS from "exceljs";
import { columnsOf } from "../core/import/columns";
import type { ImportKind } from "../core/import/model";

/** The template of a kind: Chinese headers (required ones marked *), an example row, and a sheet explaining the columns. */
export async function importTemplate(kind: ImportKind): Promise<Buffer> {
  const columns = columnsOf(kind);
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet("导入数据");
  ws.addRow(columns.map((c) => (c.required ? `${c.header.zh}*` : c.header.zh))).font = { bold: true };
  ws.addRow(columns.map((c) => c.example));
  columns.forEach((_, i) => {
    ws.getColumn(i + 1).width = 18;
    // Text, so Excel keeps credit codes, phone numbers and leading zeros as typed.
    ws.getColumn(i + 1).numFmt = "@";
  });
  const help = book.addWorksheet("填写说明");
  help.addRow(["列名", "Column (English header also accepted)", "说明"]).font = { bold: true };
  const notes: Record<string, string> = {
    tier: "A、B 或 C",
    creditCode: "18位，校验位须正确",
    tags: "多个标签用逗号或顿号分隔",
    owner: "同事的姓名或邮箱；留空为导入人。经理只能填自己或团队成员",
    "contact.email": "邮箱格式",
    ...(kind === "OPPORTUNITIES" ? OPPORTUNITY_NOTES : kind === "CONTACTS" ? CONTACT_NOTES : kind === "PRODUCTS" ? PRODUCT_NOTES : {}),
  };
  for (const c of columns) help.addRow([c.header.zh, c.header.en, [c.required ? "必填" : "选填", notes[c.field]].filter(Boolean).join("；")]);
  help.getColumn(1).width = 20;
  help.getColumn(2).width = 36;
  help.getColumn(3).width = 50;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The opportunity columns' notes (the owner's and tier's differ from the customer template's). */
const OPPORTUNITY_NOTES: Record<string, string> = {
  customerName: "已有客户的名称，或填写其统一社会信用代码（至少填一项）；须是您可查看、不在公海的客户",
  customerCreditCode: "客户的18位统一社会信用代码",
  stage: "留空为线索登记；可填未关闭的阶段（名称或代码），须满足该阶段的进入条件（需上传资料或审批报价的阶段不能导入；合同签订、交付回款、输单不能导入）",
  amount: "以元为单位，最多两位小数，如 1,234,567.89",
  currency: "默认 CNY（须为本组织的币种）",
  expectedCloseOn: "如 2026-12-31 或 2026/12/31",
  owner: "同事的姓名或邮箱；留空为客户的负责人。经理只能填自己或团队成员",
};

const CONTACT_NOTES: Record<string, string> = {
  customerName: "已有客户的名称，或填写其统一社会信用代码（至少填一项）；须是您可编辑的客户",
  customerCreditCode: "客户的18位统一社会信用代码",
  phone: "手机或座机，如 13800000000、0574-86000000",
  email: "邮箱格式",
  primary: "填“是”则排在该客户联系人的第一位（报价单默认收件人）；留空或“否”排在后面",
};

const PRODUCT_NOTES: Record<string, string> = {
  code: "字母、数字和 . _ / -，组织内唯一（不区分大小写）",
  listPrice: "以元为单位，最多两位小数",
  standardCost: "以元为单位，最多两位小数",
  floorPrice: "以元为单位，不高于标准价",
  vatRate: "留空为13；可填 13、9、6、3、1、0 等允许的税率",
};
