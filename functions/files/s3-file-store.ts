import type { S3Client } from "@aws-sdk/client-s3";
import type { FileMeta, FileStore, UploadTicket } from "./file-store";

/**
 * S3 behind the FileStore interface. Uploads are pre-signed PUTs that include the declared length,
 * type and SHA-256 checksum, so S3 itself refuses other bytes; an S3 event then confirms the upload.
 * They also sign `If-None-Match: *` (S3 conditional writes): once an object is under the key, S3
 * answers any further PUT with the URL 412 Precondition Failed (409 for one racing the first), so
 * the URL uploads once. The confirmation is conditional too (PENDING_UPLOAD → UPLOADED, once).
 */
export class S3FileStore implements FileStore {
  constructor(
    private readonly bucket: string,
    private client?: S3Client,
  ) {}

  /** The SDK (and the presigner) load on the first file operation, not in every Lambda's init. */
  private async sdk() {
    const [sdk, { getSignedUrl }] = await Promise.all([import("@aws-sdk/client-s3"), import("@aws-sdk/s3-request-presigner")]);
    this.client ??= new sdk.S3Client({});
    return { ...sdk, getSignedUrl, s3: this.client };
  }

  async uploadTicket(key: string, meta: FileMeta, expiresInSeconds: number): Promise<UploadTicket> {
    const { s3, PutObjectCommand, getSignedUrl } = await this.sdk();
    const checksum = Buffer.from(meta.sha256, "hex").toString("base64");
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: meta.contentType,
      ContentLength: meta.size,
      ChecksumSHA256: checksum,
      IfNoneMatch: "*",
    });
    const url = await getSignedUrl(s3, command, {
      expiresIn: expiresInSeconds,
      signableHeaders: new Set(["content-type", "content-length", "x-amz-checksum-sha256", "if-none-match"]),
      // Kept signed headers (not moved into the query string): the client must send them, S3 checks them.
      unhoistableHeaders: new Set(["x-amz-checksum-sha256", "if-none-match"]),
    });
    return {
      url,
      method: "PUT",
      headers: { "content-type": meta.contentType, "x-amz-checksum-sha256": checksum, "if-none-match": "*" },
      expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
    };
  }

  async downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string> {
    const { s3, GetObjectCommand, getSignedUrl } = await this.sdk();
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    });
    return getSignedUrl(s3, command, { expiresIn: expiresInSeconds });
  }

  async stat(key: string) {
    const { s3, HeadObjectCommand } = await this.sdk();
    try {
      const out = await s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: "ENABLED" }));
      return { size: out.ContentLength ?? 0, sha256: out.ChecksumSHA256 ? Buffer.from(out.ChecksumSHA256, "base64").toString("hex") : "" };
    } catch (error) {
      if ((error as Error).name === "NotFound" || (error as Error).name === "NoSuchKey") return null;
      throw error;
    }
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const { s3, PutObjectCommand } = await this.sdk();
    await s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType, ChecksumAlgorithm: "SHA256" }));
  }

  async get(key: string): Promise<Buffer | null> {
    const { s3, GetObjectCommand } = await this.sdk();
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (error) {
      if ((error as Error).name === "NoSuchKey") return null;
      throw error;
    }
  }
}
