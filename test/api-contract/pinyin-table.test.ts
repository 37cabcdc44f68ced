import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pinyinInitials } from "../../functions/core/customer/search";
import { pinyinTableSource, TABLE_PATH } from "../support/pinyin-table";

describe("the pinyin initials table", () => {
  it("is what pinyin-pro says today (regenerate with npm run pinyin-table)", () => {
    expect(readFileSync(TABLE_PATH, "utf8")).toBe(pinyinTableSource());
  });

  it("reads a polyphone every way it may start, and keeps letters and digits", () => {
    expect(pinyinInitials("宁波捷锐流体控制有限公司")).toBe("nbjrltkzyxgs");
    expect(pinyinInitials("重庆长江阀门厂").split(" ")).toContain("cqcjfmc");
    expect(pinyinInitials("厦门ABC-12科技").split(" ")).toEqual(expect.arrayContaining(["xmabc12kj", "smabc12kj"]));
    // Many polyphones: still a bounded number of readings.
    expect(pinyinInitials("重长行重长行重长行").split(" ").length).toBeLessThanOrEqual(8);
  });
});
