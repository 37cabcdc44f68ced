import type { Text } from "../text";
import type { ImportKind } from "./model";

/** One column of a template: the field it fills, its Chinese and English headers, and the example row's value. */
export interface Column {
  field: string;
  header: Text;
  required?: boolean;
  example: string;
}

/**
 * The customer template: the five fields createCustomer needs first (marked *), then the optional
 * ones, the owner (姓名 or email; blank: the importer, as createCustomer) and one contact.
 */
const CUSTOMER_COLUMNS: Column[] = [
  { field: "name", header: { zh: "客户名称", en: "Name" }, required: true, example: "宁波示例阀门有限公司" },
  { field: "tier", header: { zh: "客户等级", en: "Tier" }, required: true, example: "A" },
  { field: "industry", header: { zh: "行业", en: "Industry" }, required: true, example: "石化" },
  { field: "region", header: { zh: "区域", en: "Region" }, required: true, example: "华东" },
  { field: "source", header: { zh: "客户来源", en: "Source" }, required: true, example: "展会" },
  { field: "creditCode", header: { zh: "统一社会信用代码", en: "Credit code" }, example: "91330206MA2A8X3Y11" },
  { field: "address", header: { zh: "地址", en: "Address" }, example: "浙江省宁波市北仑区示例路1号" },
  { field: "phone", header: { zh: "电话", en: "Phone" }, example: "0574-86000000" },
  { field: "website", header: { zh: "网站", en: "Website" }, example: "" },
  { field: "remark", header: { zh: "备注", en: "Remark" }, example: "" },
  { field: "tags", header: { zh: "标签", en: "Tags" }, example: "重点客户，老客户" },
  { field: "owner", header: { zh: "负责人", en: "Owner" }, example: "" },
  { field: "contact.name", header: { zh: "联系人", en: "Contact name" }, example: "王工" },
  { field: "contact.title", header: { zh: "联系人职务", en: "Contact title" }, example: "采购经理" },
  { field: "contact.phone", header: { zh: "联系人电话", en: "Contact phone" }, example: "13800000000" },
  { field: "contact.email", header: { zh: "联系人邮箱", en: "Contact email" }, example: "wang@example.com" },
];

/**
 * The opportunity template: the customer by 统一社会信用代码 or name (one of them), then what
 * createOpportunity takes; the stage for deals already under way (open stages only), the owner
 * (blank: the customer's owner).
 */
const OPPORTUNITY_COLUMNS: Column[] = [
  { field: "customerName", header: { zh: "客户名称", en: "Customer" }, example: "宁波示例阀门有限公司" },
  { field: "customerCreditCode", header: { zh: "统一社会信用代码", en: "Credit code" }, example: "" },
  { field: "title", header: { zh: "商机名称", en: "Title" }, required: true, example: "北仑厂区阀门改造" },
  { field: "stage", header: { zh: "阶段", en: "Stage" }, example: "初步接触" },
  { field: "amount", header: { zh: "金额（元）", en: "Amount (yuan)" }, example: "1,234,567.89" },
  { field: "currency", header: { zh: "币种", en: "Currency" }, example: "CNY" },
  { field: "expectedCloseOn", header: { zh: "预计成交日期", en: "Expected close date" }, example: "2026-12-31" },
  { field: "owner", header: { zh: "负责人", en: "Owner" }, example: "" },
  { field: "source", header: { zh: "商机来源", en: "Source" }, example: "展会" },
];

/** The contact template: the customer by 统一社会信用代码 or name (one of them), then one contact a row. */
const CONTACT_COLUMNS: Column[] = [
  { field: "customerName", header: { zh: "客户名称", en: "Customer" }, example: "宁波示例阀门有限公司" },
  { field: "customerCreditCode", header: { zh: "统一社会信用代码", en: "Credit code" }, example: "" },
  { field: "name", header: { zh: "联系人姓名", en: "Contact name" }, required: true, example: "王工" },
  { field: "title", header: { zh: "职务", en: "Title" }, example: "采购经理" },
  { field: "phone", header: { zh: "电话", en: "Phone" }, example: "13800000000" },
  { field: "email", header: { zh: "邮箱", en: "Email" }, example: "wang@example.com" },
  { field: "primary", header: { zh: "主要联系人", en: "Primary" }, example: "是" },
];

/** The product template (ADMIN only): what createProduct takes, prices in yuan. */
const PRODUCT_COLUMNS: Column[] = [
  { field: "code", header: { zh: "产品编码", en: "Code" }, required: true, example: "BV-DN300-PN16" },
  { field: "name", header: { zh: "产品名称", en: "Name" }, required: true, example: "蝶阀 DN300" },
  { field: "spec", header: { zh: "规格型号", en: "Spec" }, example: "PN16，球墨铸铁" },
  { field: "unit", header: { zh: "单位", en: "Unit" }, required: true, example: "台" },
  { field: "listPrice", header: { zh: "标准价（元）", en: "List price (yuan)" }, required: true, example: "12,800.00" },
  { field: "standardCost", header: { zh: "标准成本（元）", en: "Standard cost (yuan)" }, required: true, example: "8,600.00" },
  { field: "floorPrice", header: { zh: "最低限价（元）", en: "Floor price (yuan)" }, required: true, example: "11,000.00" },
  { field: "vatRate", header: { zh: "税率（%）", en: "VAT (%)" }, example: "13" },
];

export function columnsOf(kind: ImportKind): Column[] {
  switch (kind) {
    case "CUSTOMERS":
      return CUSTOMER_COLUMNS;
    case "OPPORTUNITIES":
      return OPPORTUNITY_COLUMNS;
    case "CONTACTS":
      return CONTACT_COLUMNS;
    case "PRODUCTS":
      return PRODUCT_COLUMNS;
  }
}

/** A problem named after its column ("金额（元）：…"); a text that names its column already stands as it is. */
export function labelled(kind: ImportKind, field: string, text: Text): Text {
  const label = columnsOf(kind).find((c) => c.field === field)?.header ?? { zh: field, en: field };
  const named = (l: string, t: string, sep: string) => (t.startsWith(l) ? t : `${l}${sep}${t}`);
  return { zh: named(label.zh, text.zh, "："), en: named(label.en, text.en, ": ") };
}

/** A header as people type it: width folded, spaces, the required mark and case ignored ("客户名称*", "客户名称（必填）", " Name "). */
const headerKey = (h: string) =>
  h
    .normalize("NFKC")
    // "客户名称（必填）", "Name (required)": a mark like `*`.
    .replace(/\((必填|选填|可选|必须|required|optional)\)/gi, "")
    .replace(/[\s*＊:：]/g, "")
    .toLowerCase();

/** Which column of the sheet each field is in (Chinese or English headers); unknown headers are ignored (the report's own column, say). */
/** Columns the file names more than once (e.g. 客户名称 twice): which one to read would be a guess. */
export function repeatedHeaders(kind: ImportKind, headers: string[]): { header: string; columns: number[] }[] {
  const byField = new Map<string, number[]>();
  for (const [i, h] of headers.entries()) {
    const field = fieldOfHeader(kind, h ?? "");
    if (field) byField.set(field, [...(byField.get(field) ?? []), i + 1]);
  }
  return [...byField.values()].filter((cols) => cols.length > 1).map((cols) => ({ header: headers[cols[0] - 1].trim(), columns: cols }));
}

const fieldOfHeader = (kind: ImportKind, header: string) => headerFields(kind).get(headerKey(header));

function headerFields(kind: ImportKind): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const c of columnsOf(kind)) {
    byKey.set(headerKey(c.header.zh), c.field);
    byKey.set(headerKey(c.header.en), c.field);
    byKey.set(headerKey(c.field), c.field);
  }
  return byKey;
}

export function matchHeaders(kind: ImportKind, headers: string[]): Map<string, number> {
  const found = new Map<string, number>();
  headers.forEach((h, i) => {
    const field = fieldOfHeader(kind, h ?? "");
    if (field && !found.has(field)) found.set(field, i);
  });
  return found;
}
