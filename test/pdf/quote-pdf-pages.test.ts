import { describe, expect, it } from "vitest";
import { TABLE_COLUMNS } from "../../functions/pdf/lines-table";
import { renderQuotePdf } from "../../functions/pdf/quote-pdf";
import { buildLines, buildQuotePdfDocument } from "./build-document";
import { pdfPages, placedText, squash } from "./read-pdf";

const HEADER_ROW = "序号 产品编码 产品名称 规格型号 单位 数量 单价 金额";
const column = (key: string) => TABLE_COLUMNS.find((c) => c.key === key) as (typeof TABLE_COLUMNS)[number];

/** The numbers in the 序号 column of a page, top to bottom. */
async function rowNumbers(bytes: Uint8Array, page: number): Promise<number[]> {
  const no = column("no");
  return (await placedText(bytes, page))
    .filter((t) => t.x >= no.left && t.x < no.right && /^\d+$/.test(t.text))
    .sort((a, b) => b.y - a.y)
    .map((t) => Number(t.text));
}

describe("quote PDF pages", () => {
  it("breaks a 60-line quote across pages, repeating the table header and numbering 第 N 页 / 共 M 页", async () => {
    // Prepare
    const doc = buildQuotePdfDocument({ lines: buildLines(60) });

    // Act
    const bytes = await renderQuotePdf(doc);
    const pages = await pdfPages(bytes);

    // Assess
    expect(pages).toHaveLength(3);
    pages.forEach((text, i) => {
      expect(text).toContain(HEADER_ROW);
      expect(text).toContain(`第 ${i + 1} 页 / 共 3 页`);
      if (i > 0) expect(text).toContain("宁波捷锐流体控制有限公司 报价单号：BJ2026-00042（第 2 版）");
    });
    const numbers = [await rowNumbers(bytes, 1), await rowNumbers(bytes, 2), await rowNumbers(bytes, 3)];
    expect(numbers.every((n) => n.length > 0)).toBe(true);
    expect(numbers.flat()).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(squash(pages[2])).toContain("价税合计：");
    expect(squash(pages[2])).toContain("需方（盖章）：");
  });

  it("wraps long product names and specs inside their columns: every word printed, none past the column edge", async () => {
    const longName = "DN300 PN40 全焊接球阀（地埋式，带加长杆及手动蜗轮执行机构）配套 Emerson Bettis pneumatic actuator with limit switch box";
    const longSpec = "ASTM A105N/A182 F316, 2 1/2in-300LB-RF, fire-safe API 607";
    const lines = buildLines(60, (i) => (i >= 30 && i < 40 ? { name: longName, spec: longSpec } : {}));
    const short = await renderQuotePdf(buildQuotePdfDocument({ lines: buildLines(60) }));

    const bytes = await renderQuotePdf(buildQuotePdfDocument({ lines }));

    const pages = await pdfPages(bytes);
    expect((await rowNumbers(bytes, 2)).length).toBeLessThan((await rowNumbers(short, 2)).length); // taller rows
    expect(squash(pages.join(""))).toContain(squash(longName));
    expect(squash(pages.join(""))).toContain(squash(longSpec));
    // Page 2 is all table: each run of text ends inside the column it starts in.
    const cells = (await placedText(bytes, 2)).filter((t) => t.y > 60 && t.y < 770);
    const wrapped = cells.filter((t) => t.x >= column("name").left && t.x < column("name").right && t.y < 700);
    expect(new Set(wrapped.map((t) => t.y)).size).toBeGreaterThan(wrapped.filter((t) => t.text.startsWith("DN300")).length);
    for (const cell of cells) {
      const col = TABLE_COLUMNS.find((c) => cell.x >= c.left && cell.x < c.right);
      expect(col, cell.text).toBeDefined();
      expect(cell.x + cell.width, `${cell.text} in ${col?.key}`).toBeLessThanOrEqual((col?.right ?? 0) + 0.01);
    }
  });

  it("continues long notes and an oversized row onto further pages without losing text", async () => {
    const notes = Array.from({ length: 120 }, (_, i) => `第${i + 1}条：供方按图纸及技术协议供货，需方验收合格后签署验收单。`).join("");
    const hugeName = "特殊定制阀组".repeat(500);
    const doc = buildQuotePdfDocument({ lines: buildLines(3, (i) => (i === 1 ? { name: hugeName } : {})), notes });

    const pages = await pdfPages(await renderQuotePdf(doc));

    const all = squash(pages.join(""));
    expect(all).toContain(squash(hugeName).slice(0, 600));
    // Every character of the name, though page breaks fall inside it.
    for (const ch of "特殊组") expect(all.split(ch).length - 1, ch).toBe(500);
    expect(all).toContain("第1条：供方按图纸及技术协议供货");
    expect(all).toContain("第120条：供方按图纸及技术协议供货，需方验收合格后签署验收单。");
    pages.forEach((text, i) => expect(text).toContain(`第 ${i + 1} 页 / 共 ${pages.length} 页`));
    expect(pages.length).toBeGreaterThanOrEqual(4);
  });
});
