export const EXPORT_KINDS = ["CUSTOMERS", "OPPORTUNITIES"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** One export: who asked for what, how many rows, and its one-time link (by hash) and use. */
export interface ExportRecord {
  id: string;
  orgId: string;
  kind: ExportKind;
  requestedBy: string;
  requestedAt: string;
  /** The filter as given (ids as stored), canonical JSON: what was exported, for the audit. */
  filter: string;
  rowCount: number;
  /** Where the workbook lies in the private file store (S3 in AWS). */
  fileKey: string;
  fileName: string;
  size: number;
  /** SHA-256 of the one-time link's token: the table alone opens nothing. */
  linkHash: string;
  expiresAt: string;
  downloadedAt?: string | null;
  downloadedFrom?: string | null;
}

/** The link a person downloads from once; valid this long. */
export const LINK_MINUTES = 10;
