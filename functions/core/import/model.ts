/** What a spreadsheet can bring in (PRODUCTS: ADMIN only, as the price book is theirs and FINANCE's, and FINANCE does not import). */
export const IMPORT_KINDS = ["CUSTOMERS", "CONTACTS", "OPPORTUNITIES", "PRODUCTS"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_STATUSES = ["UPLOADING", "VALIDATING", "VALIDATED", "COMMITTING", "COMMITTED", "FAILED"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const ON_DUPLICATE = ["SKIP", "UPDATE_EMPTY_FIELDS"] as const;
export type OnDuplicate = (typeof ON_DUPLICATE)[number];

export interface ImportCounts {
  /** Dry run: rows that would create a record, rows matching one (in the table or earlier in the file), rows refused. */
  newRows: number;
  duplicateRows: number;
  invalidRows: number;
  /** Commit: records created, existing ones filled in, duplicates left alone, rows that went to the pool past an owner's limit. */
  created: number;
  updated: number;
  skipped: number;
  pooled: number;
}

export const NO_COUNTS: ImportCounts = { newRows: 0, duplicateRows: 0, invalidRows: 0, created: 0, updated: 0, skipped: 0, pooled: 0 };

export interface ImportJob {
  id: string;
  orgId: string;
  kind: ImportKind;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  status: ImportStatus;
  /** Why it failed (a file that cannot be read, no known columns…), in both languages. */
  failure: { zh: string; en: string } | null;
  counts: ImportCounts;
  /** Rows done of all rows, for the current phase (dry run or commit). */
  processed: number;
  total: number;
  /** The error report workbook (invalid and duplicate rows with what is wrong), once the dry run is done. */
  reportKey: string | null;
  /** Headers of the file the importer does not know: their columns are not imported (absent on imports from before). */
  ignoredColumns?: string[];
  /** The locale the report is written in: the importer's. */
  locale: "zh-CN" | "en";
  onDuplicate: OnDuplicate | null;
  createdBy: string;
  createdAt: string;
  validatedAt: string | null;
  committedAt: string | null;
  updatedAt: string;
}

/** A row of the file as its cells read, by column header, with its row number in the sheet (the header is row 1). */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** The dry run's verdict on one row, kept (as JSON beside the upload) for the commit. */
export type RowVerdict =
  | { row: number; status: "NEW"; record: Record<string, unknown>; ownerId: string | null }
  | {
      row: number;
      status: "DUPLICATE";
      record: Record<string, unknown>;
      ownerId: string | null;
      /** The customer already in the table, or null when the row repeats an earlier row of the file (`sameAsRow`). */
      existingId: string | null;
      sameAsRow: number | null;
      problems: { zh: string; en: string }[];
    }
  | { row: number; status: "INVALID"; problems: { zh: string; en: string }[] };

/** The file keys of one import: the upload (its own prefix, which S3 notifies the worker of), the verdicts and the report. */
export const importFiles = (orgId: string, id: string) => ({
  upload: `import-uploads/${orgId}/${id}`,
  verdicts: `imports/${orgId}/${id}/verdicts.json`,
  report: `imports/${orgId}/${id}/errors.xlsx`,
});

export const templateKey = (kind: ImportKind) => `import-templates/v1/${kind}.xlsx`;
