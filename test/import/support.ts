import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { User } from "../../functions/core/user";
import type { TestApp } from "../support/app";

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const IMPORT_FIELDS = `id status failure processed total newRows duplicateRows invalidRows created updated skipped pooled errorReportUrl fileName ignoredColumns`;

/** A CSV as Excel on a Chinese Windows saves it: GBK, comma-separated, CRLF. */
export function gbkCsv(rows: string[][]): Buffer {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return iconv.encode(rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n", "gbk");
}

export async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet("客户");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** What a client does: startImport, then PUT the bytes to the upload URL (the dry run runs as the upload lands). */
export async function uploadImport(app: TestApp, as: User, fileName: string, bytes: Buffer, contentType: string, extra: Record<string, unknown> = {}) {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const res = await app.ok(
    as,
    `mutation($input: StartImportInput!) { startImport(input: $input) { __typename ... on Error { message }
      ... on ImportUpload { url headers { name value } import { id status } } } }`,
    { input: { kind: "CUSTOMERS", fileName, contentType, size: bytes.length, sha256, ...extra } },
  );
  const started = res.startImport;
  if (started.__typename !== "ImportUpload") return { started, job: null };
  const put = await fetch(started.url, { method: "PUT", headers: Object.fromEntries(started.headers.map((h: any) => [h.name, h.value])), body: new Uint8Array(bytes) });
  if (put.status !== 200) throw new Error(`upload failed: ${put.status} ${await put.text()}`);
  return { started, job: await importOf(app, as, started.import.id) };
}

export async function importOf(app: TestApp, as: User, id: string) {
  return (await app.ok(as, `query($id: ID!) { import(id: $id) { ${IMPORT_FIELDS} } }`, { id })).import;
}

export async function commit(app: TestApp, as: User, id: string, onDuplicate = "SKIP") {
  return (
    await app.ok(
      as,
      `mutation($id: ID!, $d: OnDuplicate!) { commitImport(importId: $id, onDuplicate: $d) { __typename ... on Error { message }
        ... on ImportStatusError { status } ... on Import { ${IMPORT_FIELDS} } } }`,
      { id, d: onDuplicate },
    )
  ).commitImport;
}

/** The rows of a downloaded workbook's first sheet, as text. */
export async function workbookRows(url: string): Promise<string[][]> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`download failed: ${res.status}`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  const rows: string[][] = [];
  book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? "" : String(v)))));
  return rows;
}

export const CUSTOMERS_BY_NAME = `query { customers(first: 200) { edges { node { id name tier creditCode inPool owner { name } } } } }`;
