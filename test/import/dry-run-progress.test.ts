import { afterEach, describe, expect, it } from "vitest";
import { dryRunHooks } from "../../functions/core/import/dry-run";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { testApp } from "../support/app";
import { importOf, uploadImport } from "./support";

afterEach(() => {
  dryRunHooks.afterChunk = undefined;
});

describe("the dry run's progress", () => {
  it("processed of total grows while a large file is checked, not only at the end", async () => {
    // Prepare: 1,200 rows.
    const app = await testApp();
    await app.serve();
    const admin = await app.user({ roles: ["ADMIN"] });
    const lines = ["客户名称,客户等级,行业,区域,客户来源", ...Array.from({ length: 1200 }, (_, i) => `进度测试${i + 1}号有限公司,B,石化,华东,展会`)];
    const seen: { status: string; processed: number; total: number }[] = [];
    dryRunHooks.afterChunk = async (importId) => {
      const { status, processed, total } = await importOf(app, admin, encodeGlobalID("Import", importId));
      seen.push({ status, processed, total });
    };
    // Act
    const { job } = await uploadImport(app, admin, "进度.csv", Buffer.from(lines.join("\r\n"), "utf8"), "text/csv");
    // Assess: what a poller saw during VALIDATING
    expect(job).toMatchObject({ status: "VALIDATED", newRows: 1200, processed: 1200, total: 1200 });
    expect(seen.slice(0, 2)).toEqual([
      { status: "VALIDATING", processed: 500, total: 1200 },
      { status: "VALIDATING", processed: 1000, total: 1200 },
    ]);
  });
});
