import { PDFDocument, type PDFFont } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { quoteFont } from "../../functions/pdf/font";
import { textWidth, wrapText } from "../../functions/pdf/wrap";

let font: PDFFont;
beforeAll(async () => {
  const pdf = await PDFDocument.create();
  const { bytes, kit } = quoteFont();
  pdf.registerFontkit(kit);
  font = await pdf.embedFont(bytes, { subset: true });
});

const SIZE = 8;
const wrap = (text: string, width: number) => wrapText(font, text, SIZE, width);

describe("wrapping cell and paragraph text", () => {
  it("breaks Chinese between characters and keeps every line within the width", () => {
    const text = "蜗轮对夹式软密封蝶阀（球墨铸铁阀体，不锈钢阀板，三元乙丙阀座）";

    const lines = wrap(text, 60);

    expect(lines.join("")).toBe(text);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(textWidth(font, line, SIZE)).toBeLessThanOrEqual(60);
  });

  it("never starts a line with Chinese closing punctuation: the character before it moves down too", () => {
    // 7 characters fit in 56 pt at 8 pt; the 8th is "，".
    const lines = wrap("不锈钢法兰球阀，带手柄", 56);

    expect(lines).toEqual(["不锈钢法兰球", "阀，带手柄"]);
  });

  it("breaks English between words, and a word longer than the line between its letters", () => {
    const lines = wrap("Pneumatic actuator with limit switch box Extra-long-English-product-name-without-breaks", 80);

    expect(lines.slice(0, 2)).toEqual(["Pneumatic actuator", "with limit switch box"]);
    expect(lines.join("")).toContain("Extra-long-English-product-name-without-breaks".slice(0, 10));
    expect(lines.map((l) => l.replace(/ /g, "")).join("")).toBe("PneumaticactuatorwithlimitswitchboxExtra-long-English-product-name-without-breaks");
    for (const line of lines) expect(textWidth(font, line, SIZE)).toBeLessThanOrEqual(80);
  });

  it("starts a new line at a line break and collapses runs of spaces", () => {
    expect(wrap("第一条  交货\n第二条   付款", 200)).toEqual(["第一条 交货", "第二条 付款"]);
    expect(wrap("", 200)).toEqual([""]);
  });
});
