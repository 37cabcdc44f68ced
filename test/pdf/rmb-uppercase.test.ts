import { describe, expect, it } from "vitest";
import { rmbUppercase } from "../../functions/pdf/rmb-uppercase";

// Hand-written against the rules for 大写 amounts on cheques and invoices (《支付结算办法》附一).
const CASES: [fen: number, words: string][] = [
  [12_345_678, "壹拾贰万叁仟肆佰伍拾陆元柒角捌分"],
  [1_000_500, "壹万零伍元整"],
  [10_000_000_001, "壹亿元零壹分"],
  [0, "零元整"],
  [5, "伍分"],
  [50, "伍角整"],
  [100, "壹元整"],
  [105, "壹元零伍分"],
  [1_000, "壹拾元整"],
  [1_050, "壹拾元伍角整"],
  [100_500, "壹仟零伍元整"],
  [105_000, "壹仟零伍拾元整"],
  [10_000_000, "壹拾万元整"],
  [10_100_000, "壹拾万壹仟元整"],
  [11_000_000, "壹拾壹万元整"],
  [10_000_500, "壹拾万零伍元整"],
  [100_000_000, "壹佰万元整"],
  [10_005_000_000, "壹亿零伍万元整"],
  [10_000_100_000, "壹亿零壹仟元整"],
  [11_000_000_000, "壹亿壹仟万元整"],
  [100_000_000_500, "壹拾亿零伍元整"],
  [100_000_000_000_000, "壹万亿元整"],
  [1_000_000_000_000_000, "壹拾万亿元整"],
  [99_999_999, "玖拾玖万玖仟玖佰玖拾玖元玖角玖分"],
  [-12_300, "负壹佰贰拾叁元整"],
];

describe("rmbUppercase (大写 amounts)", () => {
  it.each(CASES)("%i fen → %s", (fen, words) => {
    expect(rmbUppercase(fen)).toBe(words);
  });

  it("refuses fractions of a fen and unsafe integers rather than printing a wrong amount", () => {
    expect(() => rmbUppercase(1.5)).toThrow(RangeError);
    expect(() => rmbUppercase(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});
