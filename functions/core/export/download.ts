import type { Deps } from "../actor";
import { TOKEN, tokenHash } from "./link";
import type { ExportRecord } from "./model";

export type Download =
  | { state: "FILE"; record: ExportRecord; bytes: Buffer }
  /** Unknown or malformed: nothing said about why. */
  | { state: "INVALID" }
  /** Known, but past its 10 minutes or already used once. */
  | { state: "GONE"; reason: "EXPIRED" | "USED" };

/**
 * A one-time link used: the first GET within its validity gets the workbook and uses the link up (a
 * conditional write, so of two at once one wins); every later one, or one after expiry, is gone.
 */
export async function takeDownload(deps: Deps, token: string, from: string | null): Promise<Download> {
  if (!TOKEN.test(token)) return { state: "INVALID" };
  const hash = tokenHash(token);
  const record = await deps.store.exports.byLinkHash(hash);
  if (!record) return { state: "INVALID" };
  const now = deps.clock.now().toISOString();
  if (record.downloadedAt) return { state: "GONE", reason: "USED" };
  if (record.expiresAt <= now) return { state: "GONE", reason: "EXPIRED" };
  const bytes = await deps.files.get(record.fileKey);
  if (!bytes) return { state: "INVALID" };
  if (!(await deps.store.exports.markDownloaded(hash, now, from, now))) {
    return { state: "GONE", reason: "USED" };
  }
  return { state: "FILE", record, bytes };
}

/** Whether a GET would get the file, without using the link up (HEAD). */
export async function peekDownload(deps: Deps, token: string): Promise<Download["state"] | "OPEN"> {
  const record = TOKEN.test(token) ? await deps.store.exports.byLinkHash(tokenHash(token)) : null;
  if (!record) return "INVALID";
  return record.downloadedAt || record.expiresAt <= deps.clock.now().toISOString() ? "GONE" : "OPEN";
}
