import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { localId } from "../../schema/ids";
import { testApp, type TestApp } from "../support/app";
import { ATTACH, GET, newDeal, upload } from "../support/pipeline";

let app: TestApp;
let rep: User;
let other: User;
let id: string;

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  rep = await app.user({ name: "陈刚" });
  other = await app.user({ name: "外人" });
  id = await newDeal(app, rep);
});

const attach = (input: Record<string, unknown>, as = rep) =>
  app.ok(as, ATTACH, {
    input: { opportunityId: id, kind: "REQUIREMENT_DOCUMENT", fileName: "需求说明书.pdf", contentType: "application/pdf", size: 1024, sha256: "b".repeat(64), ...input },
  });

describe("evidence uploads", () => {
  it("refuses files over 20 MB, of other types, without a proper checksum or name", async () => {
    const res = await attach({ size: 20 * 1024 * 1024 + 1, contentType: "application/x-msdownload", sha256: "xyz", fileName: "../etc/passwd" });
    expect(res.attachEvidence.fields.map((f: any) => `${f.path[0]}:${f.code}`).sort()).toEqual([
      "contentType:NOT_ALLOWED",
      "fileName:INVALID_NAME",
      "sha256:INVALID_CHECKSUM",
      "size:TOO_LARGE",
    ]);
    expect((await app.ok(rep, GET, { id })).opportunity.evidence).toEqual([]);
  });

  it("is only for people who work the deal", async () => {
    expect((await attach({}, other)).attachEvidence.__typename).toBe("NotFoundError");
  });

  it("records name, type, size, SHA-256 and uploader once the exact bytes arrive, and lets them be downloaded", async () => {
    const bytes = Buffer.from("%PDF-1.7 客户需求说明书:DN300 蝶阀 24 台,PN16");
    const { id: evidenceId, response } = await upload(app, rep, id, "REQUIREMENT_DOCUMENT", bytes);
    expect(response.status).toBe(200);
    const o = (await app.ok(rep, GET, { id })).opportunity;
    const e = o.evidence.find((x: any) => x.id === evidenceId);
    expect(e).toMatchObject({
      kind: "REQUIREMENT_DOCUMENT",
      fileName: "requirement_document.pdf",
      contentType: "application/pdf",
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      status: "UPLOADED",
      uploadedBy: { name: "陈刚" },
    });
    expect(o.timeline.edges[0].node).toEqual({ kind: "EVIDENCE_ADDED", summary: "陈刚 上传了客户需求说明书「requirement_document.pdf」" });
    const download = await fetch(e.downloadUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("refuses bytes that differ from what was declared, and the evidence stays unuploaded", async () => {
    const declared = Buffer.from("the real contract");
    const sha256 = createHash("sha256").update(declared).digest("hex");
    const res = await attach({ kind: "SIGNED_CONTRACT", size: declared.length, sha256 });
    const { url, headers, evidence } = res.attachEvidence;
    const put = (body: Buffer, extra: Record<string, string> = {}) =>
      fetch(url, { method: "PUT", headers: { ...Object.fromEntries(headers.map((h: any) => [h.name, h.value])), ...extra }, body: new Uint8Array(body) });

    expect((await put(Buffer.from("a forged contract!"))).status).toBe(400);
    expect((await put(Buffer.from("short"))).status).toBe(400);
    expect((await put(declared, { "content-type": "image/png" })).status).toBe(400);
    const after = (await app.ok(rep, GET, { id })).opportunity.evidence.find((x: any) => x.id === evidence.id);
    expect(after).toMatchObject({ status: "PENDING_UPLOAD", downloadUrl: null });

    const tampered = url.replace(/\/files\/(.)/, (_: string, c: string) => `/files/${c === "e" ? "f" : "e"}`);
    expect((await fetch(tampered, { method: "PUT", headers: { "content-type": "application/pdf" }, body: new Uint8Array(declared) })).status).toBe(403);
    expect((await put(declared)).status).toBe(200);
  });

  it("is confirmed from an S3 ObjectCreated event by the evidence Lambda", async () => {
    // Prepare: a file the store holds with the declared bytes, as after a pre-signed PUT in AWS.
    const bytes = Buffer.from("回款凭证 2026-11-20 ¥860,000.00");
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const res = await attach({ kind: "PAYMENT_RECEIPT", fileName: "回款 凭证.pdf", size: bytes.length, sha256 });
    const evidenceId = res.attachEvidence.evidence.id;
    const key = `evidence/${app.orgId}/${localId(id, "Opportunity")}/${evidenceId}`;
    await app.files.put(key, bytes, "application/pdf");
    app.lambdaEnv("evidence-bucket");
    const { evidenceUploadedHandler } = await import("../../functions/handlers/evidence-uploaded");
    const s3Event = {
      Records: [
        {
          eventVersion: "2.1",
          eventSource: "aws:s3",
          awsRegion: "cn-north-1",
          eventTime: "2026-11-23T02:00:00.000Z",
          eventName: "ObjectCreated:Put",
          s3: { bucket: { name: "evidence-bucket", arn: "arn:aws-cn:s3:::evidence-bucket" }, object: { key: encodeURIComponent(key), size: bytes.length } },
        },
      ],
    };

    // Act: twice, as S3 may deliver an event more than once
    await evidenceUploadedHandler(app.deps)(s3Event as never);
    await evidenceUploadedHandler(app.deps)(s3Event as never);

    // Assess
    const o = (await app.ok(rep, GET, { id })).opportunity;
    expect(o.evidence.find((x: any) => x.id === evidenceId).status).toBe("UPLOADED");
    expect(o.timeline.edges.filter((e: any) => e.node.kind === "EVIDENCE_ADDED" && e.node.summary.includes("回款凭证"))).toHaveLength(1);
  });
});
