import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { LAMBDA_ESBUILD } from "../../infra/bundling";

const inputsOf = async (entry: string) => {
  const out = await build({
    ...LAMBDA_ESBUILD,
    mainFields: [...LAMBDA_ESBUILD.mainFields],
    external: [...LAMBDA_ESBUILD.external],
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    sourcemap: false,
    logLevel: "silent",
    outfile: "out.js",
  });
  return Object.keys(out.metafile?.inputs ?? {});
};

describe("where exceljs goes", () => {
  it("never into the GraphQL Lambda: exports read there, and only the sheets worker writes workbooks", async () => {
    const graphql = await inputsOf("functions/handlers/graphql.ts");
    expect(graphql.some((i) => i.includes("functions/core/export/"))).toBe(true);
    expect(graphql.filter((i) => i.includes("node_modules/exceljs") || i.includes("functions/sheets/export"))).toEqual([]);
    // The worker's bundle is where it goes (as a check that this test would see it).
    const sheets = await inputsOf("functions/handlers/sheets.ts");
    expect(sheets.some((i) => i.includes("node_modules/exceljs"))).toBe(true);
    expect(sheets.some((i) => i.includes("functions/sheets/export-workbook.ts"))).toBe(true);
    const download = await inputsOf("functions/handlers/export-download.ts");
    expect(download.filter((i) => i.includes("node_modules/exceljs"))).toEqual([]);
  });
});
