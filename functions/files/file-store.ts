/**
 * Where uploaded files live: S3 in AWS, a directory under .data/ locally, behind this one interface.
 * Clients upload directly with a one-time ticket; the store itself refuses bytes whose size or
 * SHA-256 differ from what was declared, and tells us (onUploaded) when a file has arrived.
 */
export interface UploadTicket {
  url: string;
  method: "PUT";
  /** Headers the upload must carry exactly (they are part of the signature). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface FileMeta {
  contentType: string;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
}

export interface FileStore {
  uploadTicket(key: string, meta: FileMeta, expiresInSeconds: number): Promise<UploadTicket>;
  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
  /** Size and SHA-256 of a stored file, or null when nothing is there. */
  stat(key: string): Promise<Pick<FileMeta, "size" | "sha256"> | null>;
  /** Server-side writes (generated PDFs, demo data). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
}
