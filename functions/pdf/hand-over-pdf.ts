import { deflateSync } from "node:zlib";
import { PDFDocument } from "pdf-lib";
import { CONTENT_WIDTH, MUTED, PAGE, PageFlow } from "./flow";
import { quoteFont } from "./font";

/** 客户交付说明书: what delivery needs from the contract, in the words and figures the customer signed. */
export interface HandOverDocument {
  orgName: string;
  contractNumber: string;
  quoteNumber: string;
  quoteRevision: number;
  customerName: string;
  buyerName: string;
  sellerName: string;
  /** "¥1,130,000.00" */
  amount: string;
  signedOn: string;
  deliveryTerms: string | null;
  paymentTerms: string | null;
  /** One line per instalment: "预付款 30%，签订后30天内". */
  paymentPlan: string[];
  /** The quote lines: what is to be delivered. */
  scope: { product: string; spec: string | null; quantity: string; unit: string }[];
  customerContacts: { name: string; title: string | null; phone: string | null; email: string | null }[];
  /** Our side: the contract owner. */
  owner: { name: string; phone: string | null; email: string };
  /** The quote's notes: what was promised beyond the lines. */
  specialPromises: string | null;
  /** Issue day (the signing day): the same document renders the same bytes. */
  issuedOn: string;
}

/** The hand-over document as an A4 PDF with the project's Chinese font, subset. Chinese (delivery teams read Chinese). */
export async function renderHandOverPdf(doc: HandOverDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.context.flateStream = (contents, dict = {}) => pdf.context.stream(deflateSync(typeof contents === "string" ? Buffer.from(contents, "latin1") : contents), { ...dict, Filter: "FlateDecode" });
  const { bytes, kit } = quoteFont();
  pdf.registerFontkit(kit);
  const font = await pdf.embedFont(bytes, { subset: true });
  const flow = new PageFlow(pdf, font);

  flow.text(doc.orgName, PAGE.left, flow.y, 10, { color: MUTED });
  flow.y -= 22;
  flow.text("客户交付说明书", PAGE.left, flow.y, 20, { width: CONTENT_WIDTH, align: "center" });
  flow.y -= 36;
  const section = (title: string) => {
    flow.ensure(40);
    flow.y -= 6;
    flow.text(title, PAGE.left, flow.y, 12);
    flow.y -= 18;
    flow.rule(flow.y + 3);
  };
  const row = (label: string, value: string | null) => flow.paragraph(`${label}：`, value && value.trim() ? value : "—", 10, 2);

  section("一、合同信息");
  row("合同编号", doc.contractNumber);
  row("客户", doc.customerName);
  row("甲方", doc.buyerName);
  row("乙方", doc.sellerName);
  row("合同金额（含税）", doc.amount);
  row("报价单", `${doc.quoteNumber}（第${doc.quoteRevision}版）`);

  section("二、交付范围");
  if (!doc.scope.length) row("范围", null);
  doc.scope.forEach((l, i) => row(`${i + 1}`, `${l.product}${l.spec ? `（${l.spec}）` : ""}  ${l.quantity} ${l.unit}`));

  section("三、联系人");
  if (!doc.customerContacts.length) row("客户联系人", null);
  for (const c of doc.customerContacts) row("客户联系人", [c.name, c.title, c.phone, c.email].filter(Boolean).join("，"));
  row("我方负责人", [doc.owner.name, doc.owner.phone, doc.owner.email].filter(Boolean).join("，"));

  section("四、关键日期与付款");
  row("签订日期", doc.signedOn);
  row("交货条款", doc.deliveryTerms);
  row("付款条件", doc.paymentTerms);
  doc.paymentPlan.forEach((p, i) => row(`付款计划${i + 1}`, p));

  section("五、特别约定");
  row("特别承诺", doc.specialPromises);

  flow.pages.forEach((page, i) => {
    flow.text(`第 ${i + 1} 页 / 共 ${flow.pages.length} 页`, PAGE.left, PAGE.bottom - 22, 8, { width: CONTENT_WIDTH, align: "center", color: MUTED, page });
  });
  flow.finish();
  const issued = new Date(`${doc.issuedOn}T00:00:00+08:00`);
  pdf.setTitle(`客户交付说明书 ${doc.contractNumber}`);
  pdf.setAuthor(doc.orgName);
  pdf.setSubject(doc.customerName);
  pdf.setCreator("sales-api hand-over PDF");
  pdf.setProducer("sales-api hand-over PDF");
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  return pdf.save();
}
