import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testApp } from "../support/app";

const START = `mutation($input: StartImportInput!) { startImport(input: $input) { __typename ... on Error { message }
  ... on ValidationError { fields { path code } } ... on ImportUpload { url import { id status } } } }`;

describe("startImport", () => {
  it("a retry with the same idempotency key gives the same import; other input under that key is refused", async () => {
    const app = await testApp();
    const admin = await app.user({ roles: ["ADMIN"] });
    const bytes = Buffer.from("客户名称,客户等级\r\n");
    const input = { kind: "CUSTOMERS", fileName: "a.csv", contentType: "text/csv", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), idempotencyKey: "k-1" };
    const first = (await app.ok(admin, START, { input })).startImport;
    const retry = (await app.ok(admin, START, { input })).startImport;
    expect(first.__typename).toBe("ImportUpload");
    expect(retry.import.id).toBe(first.import.id);
    const other = (await app.ok(admin, START, { input: { ...input, fileName: "b.csv" } })).startImport;
    expect(other.__typename).toBe("IdempotencyKeyReusedError");
    const list = await app.ok(admin, `{ imports(first: 10) { edges { node { id status } } } }`);
    expect(list.imports.edges.map((e: any) => e.node)).toEqual([{ id: first.import.id, status: "UPLOADING" }]);
  });

  it("refuses a file that is not a sheet, too large, or without a checksum, naming each field", async () => {
    const app = await testApp();
    const admin = await app.user({ roles: ["ADMIN"] });
    const res = (await app.ok(admin, START, { input: { kind: "CUSTOMERS", fileName: "客户.pdf", contentType: "application/pdf", size: 30 * 1024 * 1024, sha256: "x" } })).startImport;
    expect(res.__typename).toBe("ValidationError");
    expect(res.fields.map((f: any) => [f.path.join("."), f.code])).toEqual([
      ["fileName", "NOT_A_SHEET"],
      ["contentType", "NOT_ALLOWED"],
      ["size", "TOO_LARGE"],
      ["sha256", "INVALID_CHECKSUM"],
    ]);
  });

  it("a zero-byte file is refused as empty, not as too large", async () => {
    const app = await testApp();
    const admin = await app.user({ roles: ["ADMIN"] });
    const sha256 = createHash("sha256").update(Buffer.alloc(0)).digest("hex");
    const res = (await app.ok(admin, START, { input: { kind: "CUSTOMERS", fileName: "空.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: 0, sha256 } })).startImport;
    expect(res).toMatchObject({ __typename: "ValidationError", fields: [{ path: ["size"], code: "EMPTY" }] });
    expect(res.message).toContain("文件是空的");
  });

  it("the upload URL's refusals are in Chinese first", async () => {
    const app = await testApp();
    await app.serve();
    const admin = await app.user({ roles: ["ADMIN"] });
    const bytes = Buffer.from("客户名称,客户等级\r\n");
    const input = { kind: "CUSTOMERS", fileName: "a.csv", contentType: "text/csv", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
    const started = (await app.ok(admin, `mutation($input: StartImportInput!) { startImport(input: $input) { ... on ImportUpload { url headers { name value } } } }`, { input })).startImport;
    const headers = Object.fromEntries(started.headers.map((h: any) => [h.name, h.value]));
    const wrong = await fetch(started.url, { method: "PUT", headers, body: new Uint8Array(Buffer.from("客户名称,客户等级\r\nX")) });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/^上传的内容大于声明的文件大小/);
  });
});
