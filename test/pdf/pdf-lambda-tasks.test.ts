import { crc32, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { handler } from "../../functions/handlers/quote-pdf";
import type { QuoteEmail } from "../../functions/mail/quote-email";
import { inspectImage } from "../../functions/pdf/image";

/**
 * What the quote PDF Lambda does besides rendering, so that pdf-lib and the MIME composer stay out
 * of the GraphQL bundle: the letterhead logo's trial embed, and the quote email around the PDF.
 * Called with JSON, as the GraphQL function's LambdaPdfRenderer invokes it.
 */
/** A size × size grey PNG (16: the smallest side a logo may have). */
const png = (size: number) => {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: size }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(size, 0x80)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
};

describe("the quote PDF Lambda's other tasks", () => {
  it("tries a logo in a scratch PDF and says whether it prints", async () => {
    const logo = png(16);
    const facts = inspectImage(logo);
    if (!facts.ok) throw new Error("test image rejected");
    const event = JSON.parse(JSON.stringify({ imageCheck: { base64: logo.toString("base64"), image: facts.image } }));
    expect(await handler(event)).toEqual({ prints: true });
    // Its header claims another size than its pixels decode to: refused.
    const lying = JSON.parse(JSON.stringify({ imageCheck: { base64: logo.toString("base64"), image: { ...facts.image, width: 32 } } }));
    expect(await handler(lying)).toEqual({ prints: false });
  });

  it("composes the quote email with its PDF attached", async () => {
    const email: Omit<QuoteEmail, "pdf"> = {
      locale: "zh-CN",
      from: "sales-noreply@jierui.example",
      replyTo: "chen.gang@jierui.example",
      to: ["buyer@customer.example"],
      cc: [],
      organizationName: "宁波捷锐流体控制有限公司",
      senderName: "陈刚",
      customerName: "北仑热力",
      contactName: "王工",
      number: "BJ2026-00042",
      revision: 1,
      totalFen: 12_345_600,
      currency: "CNY",
      validUntil: "2026-12-31",
      message: null,
      viewUrl: "https://sales.example/q/abc",
      messageIdHeader: "<quote-send-1@jierui.example>",
    };
    const pdf = Buffer.from("%PDF-1.7 test");
    // As the GraphQL function sends it: JSON, the PDF in base64.
    const invoke = handler as (event: unknown) => Promise<{ rawBase64: string }>;
    const out = await invoke(JSON.parse(JSON.stringify({ quoteEmail: { ...email, pdf: { fileName: "报价单-BJ2026-00042-v1.pdf", base64: pdf.toString("base64") } } })));
    const raw = Buffer.from(out.rawBase64, "base64").toString("utf8");
    expect(raw).toMatch(/^Reply-To: chen\.gang@jierui\.example/m);
    expect(raw).toContain("Message-ID: <quote-send-1@jierui.example>");
    expect(raw).toContain("Content-Type: application/pdf");
    expect(raw).toContain(pdf.toString("base64"));
  });
});
