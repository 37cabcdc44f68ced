import { describe, expect, it } from "vitest";
import { handler } from "../../functions/handlers/quote-pdf";
import type { HandOverDocument } from "../../functions/pdf/hand-over-pdf";
import { pdfPages, squash } from "../pdf/read-pdf";

/** In AWS the GraphQL function has no font: the quote PDF Lambda renders the hand-over document as well. */
describe("the quote PDF Lambda", () => {
  it("renders a 客户交付说明书 sent as { handOver }, the long promises wrapping onto the page", async () => {
    // Prepare
    const doc: HandOverDocument = {
      orgName: "宁波捷锐流体控制有限公司",
      contractNumber: "HT2026-00042",
      quoteNumber: "BJ2026-00108",
      quoteRevision: 2,
      customerName: "中石化镇海炼化分公司",
      buyerName: "中石化镇海炼化分公司",
      sellerName: "宁波捷锐流体控制有限公司",
      amount: "¥1,130,000.00",
      signedOn: "2026-11-30",
      deliveryTerms: "合同生效后45天内送达",
      paymentTerms: null,
      paymentPlan: ["预付款 30%（¥339,000.00），签订后30天内"],
      scope: [{ product: "高性能蝶阀", spec: "DN300 PN16", quantity: "4", unit: "台" }],
      customerContacts: [],
      owner: { name: "陈刚", phone: null, email: "chen.gang@jierui.example" },
      specialPromises: "免费提供两年质保；".repeat(30),
      issuedOn: "2026-11-30",
    };

    // Act
    const out = await handler({ handOver: doc });

    // Assess
    const text = squash((await pdfPages(new Uint8Array(Buffer.from(out.pdfBase64, "base64")))).join(""));
    expect(out.bytes).toBeGreaterThan(1000);
    for (const s of ["客户交付说明书", "合同编号：HT2026-00042", "报价单：BJ2026-00108（第2版）", "高性能蝶阀（DN300PN16）4台", "客户联系人：—", "付款条件：—", "付款计划1：预付款30%（¥339,000.00），签订后30天内"]) {
      expect(text).toContain(squash(s));
    }
    expect(text.split("免费提供两年质保").length - 1).toBe(30);
  });
});
