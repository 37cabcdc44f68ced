import { S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { S3FileStore } from "../../functions/files/s3-file-store";

// Signing happens on this machine; nothing is sent to AWS. What matters is that S3 itself will
// refuse a body whose length, type or SHA-256 differ from the declared ones: they are signed.
describe("S3 uploads (the AWS side of the file store)", () => {
  it("signs the declared length, content type and SHA-256 into the pre-signed PUT", async () => {
    const s3 = new S3Client({ region: "cn-north-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
    const store = new S3FileStore("sales-files", s3);
    const sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    const ticket = await store.uploadTicket("evidence/org/opp/ev1", { contentType: "application/pdf", size: 4, sha256 }, 900);

    const url = new URL(ticket.url);
    expect(url.hostname).toContain("sales-files");
    expect(url.pathname).toBe("/evidence/org/opp/ev1");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    expect(url.searchParams.get("X-Amz-SignedHeaders")?.split(";")).toEqual(
      expect.arrayContaining(["content-length", "content-type", "x-amz-checksum-sha256", "if-none-match"]),
    );
    expect(ticket.headers).toEqual({
      "content-type": "application/pdf",
      "x-amz-checksum-sha256": Buffer.from(sha256, "hex").toString("base64"),
      // S3 conditional write: a second PUT with the same URL finds the object there and gets 412.
      "if-none-match": "*",
    });
  });
});
