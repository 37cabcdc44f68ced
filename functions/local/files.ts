import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Deps } from "../core/actor";
import { uploaded } from "../core/import/start";
import { confirmUpload } from "../core/pipeline";
import { LocalFileStore } from "../files/local-file-store";
import { DATA_DIR } from "./config";

/** The local file store under .data/files, its signing secret kept beside it across restarts. */
export function localFileStore(port: number): LocalFileStore {
  const secretFile = `${DATA_DIR}/files-secret`;
  if (!existsSync(secretFile)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(secretFile, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return new LocalFileStore(`${DATA_DIR}/files`, readFileSync(secretFile, "utf8").trim(), () => `http://localhost:${port}`);
}

/** What an S3 event does in AWS: a file arrived, so check it and record the evidence (or start an import's dry run). */
export function confirmUploadsWith(files: LocalFileStore, deps: Deps): void {
  files.whenUploaded(async (key) => {
    await confirmUpload(deps, key);
    // An import's file: its dry run (S3 tells the sheets worker in AWS).
    await uploaded(deps, key);
  });
}
