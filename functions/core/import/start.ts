import type { UploadTicket } from "../../files/file-store";
import { ConditionFailedError } from "../../store";
import type { Actor, Deps } from "../actor";
import { ForbiddenError, NotFoundError } from "../errors";
import { newId } from "../ids";
import { hasRole } from "../user/model";
import { Checker } from "../validate";
import { ImportStatusError } from "./errors";
import { IMPORT_KINDS, type ImportJob, type ImportKind, importFiles, NO_COUNTS, ON_DUPLICATE, type OnDuplicate } from "./model";

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** An .xlsx, or a .csv as browsers and Excel label it (Excel on Windows says application/vnd.ms-excel). */
export const IMPORT_TYPES = ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv", "application/vnd.ms-excel", "text/plain"] as const;
const UPLOAD_SECONDS = 15 * 60;

export interface StartImportInput {
  kind: ImportKind;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** ADMIN for the whole organization, MANAGER for themselves and their team (checked row by row). */
export const canImport = (actor: Actor) => hasRole(actor.viewer, "ADMIN", "MANAGER");
/** The price book is ADMIN's and FINANCE's; of the importers, only ADMIN brings products in. */
export const canImportKind = (actor: Actor, kind: ImportKind) => canImport(actor) && (kind !== "PRODUCTS" || hasRole(actor.viewer, "ADMIN"));

/**
 * Registers an import and returns a one-time upload for its file, as attachEvidence does. The dry
 * run starts when the file has arrived (`uploaded`).
 */
export async function startImport(actor: Actor, input: StartImportInput): Promise<{ job: ImportJob; upload: UploadTicket }> {
  if (!canImport(actor)) throw new ForbiddenError();
  const c = new Checker();
  const kind = c.oneOf("kind", input.kind, IMPORT_KINDS, true);
  if (kind && !canImportKind(actor, kind)) throw new ForbiddenError();
  const fileName = c.text("fileName", input.fileName, { required: true, max: 200 });
  if (fileName && /[\\/\u0000-\u001f]/.test(fileName)) {
    c.fail("fileName", "INVALID_NAME", { zh: "文件名不能包含路径或控制字符", en: "cannot contain a path or control characters" });
  } else if (fileName && !/\.(xlsx|csv)$/i.test(fileName)) {
    c.fail("fileName", "NOT_A_SHEET", { zh: "只能是 .xlsx 或 .csv 文件", en: "must be an .xlsx or .csv file" });
  }
  const contentType = c.oneOf("contentType", input.contentType?.toLowerCase(), IMPORT_TYPES, true);
  if (Number.isSafeInteger(input.size) && input.size < 1) {
    c.fail("size", "EMPTY", { zh: "文件是空的（0字节），请选择有内容的文件", en: "the file is empty (0 bytes)" });
  } else if (!Number.isSafeInteger(input.size) || input.size > MAX_IMPORT_BYTES) {
    c.fail("size", "TOO_LARGE", { zh: "文件大小须在1字节到20MB之间", en: "must be from 1 byte to 20 MB" });
  }
  if (!/^[0-9a-f]{64}$/i.test(input.sha256 ?? "")) {
    c.fail("sha256", "INVALID_CHECKSUM", { zh: "应为64位十六进制SHA-256", en: "must be a 64-digit hex SHA-256" });
  }
  c.done();
  const now = actor.deps.clock.now().toISOString();
  const job: ImportJob = {
    id: newId(actor.deps.clock.now()),
    orgId: actor.viewer.orgId,
    kind: kind as ImportKind,
    fileName: fileName as string,
    contentType: contentType as string,
    size: input.size,
    sha256: input.sha256.toLowerCase(),
    status: "UPLOADING",
    failure: null,
    counts: NO_COUNTS,
    processed: 0,
    total: 0,
    reportKey: null,
    locale: actor.viewer.locale === "en" ? "en" : "zh-CN",
    onDuplicate: null,
    createdBy: actor.viewer.id,
    createdAt: now,
    validatedAt: null,
    committedAt: null,
    updatedAt: now,
  };
  await actor.deps.store.imports.create(job);
  return { job, upload: await uploadTicketOf(actor, job) };
}

/** The upload for an import's file (again, for a retried startImport: the file still uploads once). */
export const uploadTicketOf = (actor: Actor, job: ImportJob) => actor.deps.files.uploadTicket(importFiles(job.orgId, job.id).upload, job, UPLOAD_SECONDS);

/**
 * The file store reports a file under import-uploads/ (the local upload route, or S3's event to the
 * sheets worker): checked against what was declared, then the dry run starts, once.
 */
export async function uploaded(deps: Deps, fileKey: string): Promise<void> {
  const m = /^import-uploads\/([^/]+)\/([^/]+)$/.exec(fileKey);
  if (!m) return;
  const job = await deps.store.imports.get(m[2]);
  if (!job || job.orgId !== m[1] || job.status !== "UPLOADING") return;
  const stored = await deps.files.stat(fileKey);
  if (!stored) return;
  const at = deps.clock.now().toISOString();
  if (stored.size !== job.size || stored.sha256 !== job.sha256) {
    await deps.store.imports.transition(job.id, ["UPLOADING"], "FAILED", { updatedAt: at, failure: { zh: "上传的文件与声明的大小或SHA-256不符", en: "The uploaded file differs from the declared size or SHA-256" } });
    return;
  }
  try {
    await deps.store.imports.transition(job.id, ["UPLOADING"], "VALIDATING", { updatedAt: at });
  } catch (error) {
    if (error instanceof ConditionFailedError) return; // another delivery of the same event started it
    throw error;
  }
  await sheetsOf(deps).start({ kind: "validateImport", importId: job.id });
}

/** Writes the rows the dry run passed, in the sheets worker; again after a crash, it writes only what is missing. */
export async function commitImport(actor: Actor, importId: string, onDuplicate: OnDuplicate): Promise<ImportJob> {
  const c = new Checker();
  c.oneOf("onDuplicate", onDuplicate, ON_DUPLICATE, true);
  c.done();
  const job = await importOf(actor, importId);
  const from = job.validatedAt ? (["VALIDATED", "COMMITTING", "FAILED"] as const) : (["VALIDATED"] as const);
  let started: ImportJob;
  try {
    started = await actor.deps.store.imports.transition(job.id, from, "COMMITTING", {
      onDuplicate,
      processed: 0,
      total: job.counts.newRows + job.counts.duplicateRows,
      failure: null,
      updatedAt: actor.deps.clock.now().toISOString(),
    });
  } catch (error) {
    if (error instanceof ConditionFailedError) throw new ImportStatusError((await actor.deps.store.imports.get(job.id))?.status ?? job.status);
    throw error;
  }
  await sheetsOf(actor.deps).start({ kind: "commitImport", importId: job.id, onDuplicate });
  return (await actor.deps.store.imports.get(job.id)) ?? started;
}

/** An import the viewer may see: ADMIN any of the organization's, a manager their own. */
export async function importOf(actor: Actor, id: string): Promise<ImportJob> {
  if (!canImport(actor)) throw new ForbiddenError();
  const job = await actor.deps.store.imports.get(id);
  if (!job || job.orgId !== actor.viewer.orgId || (!hasRole(actor.viewer, "ADMIN") && job.createdBy !== actor.viewer.id)) throw new NotFoundError("Import", id);
  return job;
}

export function sheetsOf(deps: Deps) {
  if (!deps.sheets) throw new Error("No sheets worker in these deps: spreadsheet jobs cannot run here");
  return deps.sheets;
}
