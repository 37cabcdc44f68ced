import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Deps } from "../core/actor";
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

/** What an S3 event does in AWS: a file arrived, so check it and record the evidence. */
export function confirmUploadsWith(files: LocalFileStore, deps: Deps): void {
  files.whenUploaded(async (key) => {
    await confirmUpload(deps, key);
  });
}
