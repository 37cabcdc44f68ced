import type { QuotePdfDocument } from "./model";

/** Every word the quote PDF prints besides the document's own data, in Chinese and English. */
export interface QuoteLabels {
  title: string;
  number: string;
  /** "（第 2 版）" / " (revision 2)" */
  revision: (n: number) => string;
  issuedOn: string;
  validUntil: string;
  phone: string;
  taxId: string;
  customer: string;
  contact: string;
  address: string;
  columns: { no: string; code: string; name: string; spec: string; unit: string; quantity: string; unitPrice: string; amount: string };
  subtotal: string;
  extraDiscount: string;
  net: string;
  /** "增值税（13%）"; without a single rate (per-line rates) just "增值税". */
  vat: (ratePercent: number | null) => string;
  total: string;
  inWords: string;
  paymentTerms: string;
  deliveryTerms: string;
  notes: string;
  supplier: string;
  buyer: string;
  signatory: string;
  date: string;
  page: (n: number, of: number) => string;
}

const ZH: QuoteLabels = {
  title: "报 价 单",
  number: "报价单号：",
  revision: (n) => `（第 ${n} 版）`,
  issuedOn: "报价日期：",
  validUntil: "有效期至：",
  phone: "电话：",
  taxId: "税号：",
  customer: "客户：",
  contact: "联系人：",
  address: "地址：",
  columns: { no: "序号", code: "产品编码", name: "产品名称", spec: "规格型号", unit: "单位", quantity: "数量", unitPrice: "单价", amount: "金额" },
  subtotal: "合计：",
  extraDiscount: "整单优惠：",
  net: "不含税金额：",
  vat: (rate) => (rate === null ? "增值税：" : `增值税（${rate}%）：`),
  total: "价税合计：",
  inWords: "大写：",
  paymentTerms: "付款方式：",
  deliveryTerms: "交货方式：",
  notes: "备注：",
  supplier: "供方（盖章）：",
  buyer: "需方（盖章）：",
  signatory: "授权代表：",
  date: "日期：",
  page: (n, of) => `第 ${n} 页 / 共 ${of} 页`,
};

const EN: QuoteLabels = {
  title: "QUOTATION",
  number: "Quote no.: ",
  revision: (n) => ` (revision ${n})`,
  issuedOn: "Date: ",
  validUntil: "Valid until: ",
  phone: "Tel: ",
  taxId: "Tax ID: ",
  customer: "Customer: ",
  contact: "Contact: ",
  address: "Address: ",
  columns: { no: "No.", code: "Code", name: "Product", spec: "Specification", unit: "Unit", quantity: "Qty", unitPrice: "Unit price", amount: "Amount" },
  subtotal: "Subtotal: ",
  extraDiscount: "Extra discount: ",
  net: "Net amount: ",
  vat: (rate) => (rate === null ? "VAT: " : `VAT (${rate}%): `),
  total: "Total incl. VAT: ",
  inWords: "In Chinese capitals: ",
  paymentTerms: "Payment terms: ",
  deliveryTerms: "Delivery terms: ",
  notes: "Notes: ",
  supplier: "Supplier (seal): ",
  buyer: "Customer (seal): ",
  signatory: "Authorized signatory: ",
  date: "Date: ",
  page: (n, of) => `Page ${n} of ${of}`,
};

export const labelsFor = (locale: QuotePdfDocument["locale"]): QuoteLabels => (locale === "en" ? EN : ZH);
