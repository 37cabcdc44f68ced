import { PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { toQuotePdfEvent } from "../../functions/pdf/event";
import { renderQuotePdf } from "../../functions/pdf/quote-pdf";
import { handler } from "../../functions/handlers/quote-pdf";
import { buildQuotePdfDocument } from "./build-document";
import { pdfPages, placedText, squash } from "./read-pdf";

// A 1×1 PNG: an organization's logo.
const LOGO = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));

describe("quote PDF", () => {
  it("shows the whole revision in Chinese: letterhead, customer, lines, totals with 大写, terms, seals, page numbers", async () => {
    // Prepare
    const doc = buildQuotePdfDocument();

    // Act
    const [page, ...more] = await pdfPages(await renderQuotePdf(doc));

    // Assess
    expect(more).toEqual([]);
    const text = squash(page);
    for (const expected of [
      "宁波捷锐流体控制有限公司",
      "浙江省宁波市北仑区大港工业城黄山西路188号",
      "电话：0574-86881234",
      "税号：91330206MA2H3K7X1Q",
      "报价单",
      "报价单号：BJ2026-00042（第2版）",
      "报价日期：2026-03-02",
      "有效期至：2026-04-01",
      "客户：上海申能燃气工程有限公司",
      "联系人：顾晓明",
      "地址：上海市浦东新区张杨路1288号",
      "序号产品编码产品名称规格型号单位数量单价金额",
      "2JR-D371X-150蜗轮对夹式蝶阀DN150PN16球墨铸铁台2¥2,360.50¥4,721.00",
      "压力变送器（4-20mA，带HART协议）",
      "合计：¥19,216.00",
      "整单优惠：-¥500.00",
      "不含税金额：¥18,716.00",
      "增值税（13%）：¥2,433.08",
      "价税合计：¥21,149.08",
      "大写：人民币贰万壹仟壹佰肆拾玖元零捌分",
      "付款方式：合同签订后预付30%，发货前付清60%，验收合格后30日内付清10%质保金。",
      "交货方式：收到预付款后25个工作日内发货",
      "备注：以上价格含13%增值税专用发票",
      "供方（盖章）：宁波捷锐流体控制有限公司",
      "需方（盖章）：上海申能燃气工程有限公司",
      "授权代表：",
      "第1页/共1页",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("prints English labels for a customer whose contact reads English, keeping the Chinese data and 大写", async () => {
    const [page] = await pdfPages(await renderQuotePdf(buildQuotePdfDocument({ locale: "en" })));

    for (const expected of ["QUOTATION", "Quote no.: BJ2026-00042 (revision 2)", "Valid until: 2026-04-01", "No. Code Product Specification Unit Qty Unit price Amount", "Total incl. VAT: ¥21,149.08", "In Chinese capitals: 人民币贰万壹仟壹佰肆拾玖元零捌分", "Payment terms:", "Supplier (seal):", "Page 1 of 1", "上海申能燃气工程有限公司"]) {
      expect(page).toContain(expected);
    }
    for (const chineseLabel of ["报价单号", "价税合计", "第 1 页"]) expect(page).not.toContain(chineseLabel);
  });

  it("leaves out what the revision does not have: no discount rows without a discount, no 大写 for foreign currency", async () => {
    const doc = buildQuotePdfDocument({ currency: "USD", paymentTerms: null, notes: null });
    const [page] = await pdfPages(await renderQuotePdf({ ...doc, totals: { ...doc.totals, extraDiscountFen: 0, vatRatePercent: null } }));

    const text = squash(page);
    expect(text).toContain("不含税金额：$18,716.00");
    expect(text).toContain("增值税：$2,433.08");
    for (const absent of ["整单优惠", "大写", "人民币", "付款方式", "备注"]) expect(text).not.toContain(absent);
    expect(text.match(/合计：/g)).toHaveLength(1); // 价税合计 only, no subtotal
    expect(text).toContain("交货方式：");
  });

  it("renders the same revision to the same bytes, and any change to different ones", async () => {
    const doc = buildQuotePdfDocument({ letterhead: { ...buildQuotePdfDocument().letterhead, logo: LOGO } });

    const [first, second] = [await renderQuotePdf(doc), await renderQuotePdf(structuredClone(doc))];
    const changed = await renderQuotePdf({ ...doc, notes: `${doc.notes}另：含安装调试。` });

    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(changed).equals(Buffer.from(first))).toBe(false);
    const pdf = await PDFDocument.load(first, { updateMetadata: false });
    expect(pdf.getCreationDate()?.toISOString()).toBe("2026-03-01T16:00:00.000Z"); // 2026-03-02 in Shanghai
    expect(pdf.getModificationDate()?.toISOString()).toBe("2026-03-01T16:00:00.000Z");
    expect(pdf.getTitle()).toBe("报价单 BJ2026-00042（第 2 版）");
  });

  it("renders quotes at the same time in one process (shared font) exactly as one at a time", async () => {
    const zh = buildQuotePdfDocument();
    const en = buildQuotePdfDocument({ locale: "en", number: "BJ2026-00043", revision: 1 });
    const alone = [await renderQuotePdf(zh), await renderQuotePdf(en)];

    const together = await Promise.all([renderQuotePdf(zh), renderQuotePdf(en), renderQuotePdf(zh)]);

    expect(Buffer.from(together[0]).equals(Buffer.from(alone[0]))).toBe(true);
    expect(Buffer.from(together[1]).equals(Buffer.from(alone[1]))).toBe(true);
    expect(Buffer.from(together[2]).equals(Buffer.from(alone[0]))).toBe(true);
  });

  it("puts the organization's logo on the letterhead, with the name beside it", async () => {
    const withLogo = buildQuotePdfDocument({ letterhead: { ...buildQuotePdfDocument().letterhead, logo: LOGO } });

    const bytes = await renderQuotePdf(withLogo);

    const pdf = await PDFDocument.load(bytes);
    const images = [...pdf.context.enumerateIndirectObjects()].filter(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of("Subtype")) === PDFName.of("Image"));
    expect(images.length).toBeGreaterThan(0); // the image, and its alpha channel as a soft mask
    const name = (await placedText(bytes, 1)).find((t) => t.text.startsWith("宁波捷锐"));
    expect(name?.x).toBeGreaterThan(80);
  });

  it("embeds only the glyphs it uses: a one-page Chinese quote stays small", async () => {
    const bytes = await renderQuotePdf(buildQuotePdfDocument());

    expect(bytes.length).toBeLessThan(45_000);
  });

  it("is served by its own Lambda: the document in as JSON (logo in base64), the PDF out in base64", async () => {
    const doc = buildQuotePdfDocument({ letterhead: { ...buildQuotePdfDocument().letterhead, logo: LOGO } });

    const result = await handler(JSON.parse(JSON.stringify(toQuotePdfEvent(doc))));

    const pdf = Buffer.from(result.pdfBase64, "base64");
    expect(pdf.equals(Buffer.from(await renderQuotePdf(doc)))).toBe(true);
    expect(result.bytes).toBe(pdf.length);
  });
});
