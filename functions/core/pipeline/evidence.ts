import type { UploadTicket } from "../../files/file-store";
import type { Actor, Deps } from "../actor";
import { newActivity } from "../activity";
import { NotFoundError } from "../errors";
import { markResult } from "../idempotency";
import { newId } from "../ids";
import { Checker } from "../validate";
import { opportunityToChange, visibleOpportunity } from "./access";
import type { Evidence } from "./model";
import { EVIDENCE_KINDS, type EvidenceKind } from "./stages";

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
/** Documents, scans and photos: what a requirement document or a signed contract arrives as. */
export const EVIDENCE_TYPES = [
  "application/pdf",
  "image/jpeg",
  "image/png",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
] as const;
const UPLOAD_SECONDS = 15 * 60;

export type AttachEvidenceInput = Pick<Evidence, "opportunityId" | "kind" | "fileName" | "contentType" | "size" | "sha256">;

const evidenceKey = (e: Pick<Evidence, "orgId" | "opportunityId" | "id">) => `evidence/${e.orgId}/${e.opportunityId}/${e.id}`;

/** A retried attachEvidence (idempotency key): the evidence it registered, with a fresh upload link (the first may have expired). */
export async function evidenceUploadByRef(actor: Actor, ref: string): Promise<{ evidence: Evidence; upload: UploadTicket } | null> {
  const [opportunityId, id] = ref.split("/");
  if (!(await visibleOpportunity(actor, opportunityId))) return null;
  const [evidence] = await actor.deps.store.opportunities.evidenceByIds([{ opportunityId, id }]);
  return evidence ? { evidence, upload: await actor.deps.files.uploadTicket(evidence.fileKey, evidence, UPLOAD_SECONDS) } : null;
}

/**
 * Registers a file for a deal and returns a one-time upload for it (a pre-signed S3 PUT in AWS, the
 * local file route locally). The file counts as evidence once the store has it with the declared
 * size and SHA-256. The URL takes one upload: S3 refuses a second PUT (signed If-None-Match: *),
 * the local route answers 409, and `confirmUpload` settles the evidence once.
 */
export async function attachEvidence(actor: Actor, input: AttachEvidenceInput): Promise<{ evidence: Evidence; upload: UploadTicket }> {
  const c = new Checker();
  const kind = c.oneOf("kind", input.kind, EVIDENCE_KINDS, true) as EvidenceKind;
  const fileName = c.text("fileName", input.fileName, { required: true, max: 200 });
  if (fileName && /[\\/\u0000-\u001f]/.test(fileName)) {
    c.fail("fileName", "INVALID_NAME", { zh: "文件名不能包含路径或控制字符", en: "cannot contain a path or control characters" });
  }
  const contentType = c.oneOf("contentType", input.contentType?.toLowerCase(), EVIDENCE_TYPES, true);
  if (!Number.isSafeInteger(input.size) || input.size < 1 || input.size > MAX_EVIDENCE_BYTES) {
    c.fail("size", "TOO_LARGE", { zh: "文件大小须在1字节到20MB之间", en: "must be from 1 byte to 20 MB" });
  }
  if (!/^[0-9a-f]{64}$/i.test(input.sha256 ?? "")) {
    c.fail("sha256", "INVALID_CHECKSUM", { zh: "应为64位十六进制SHA-256", en: "must be a 64-digit hex SHA-256" });
  }
  c.done();
  const opportunity = await opportunityToChange(actor, input.opportunityId);
  const now = actor.deps.clock.now();
  const evidence: Evidence = {
    id: newId(now),
    orgId: opportunity.orgId,
    opportunityId: opportunity.id,
    kind,
    fileName: fileName as string,
    contentType: contentType as string,
    size: input.size,
    sha256: input.sha256.toLowerCase(),
    fileKey: "",
    uploadedBy: actor.viewer.id,
    status: "PENDING_UPLOAD",
    createdAt: now.toISOString(),
    uploadedAt: null,
  };
  evidence.fileKey = evidenceKey(evidence);
  markResult(`${evidence.opportunityId}/${evidence.id}`);
  await actor.deps.store.opportunities.putEvidence(evidence);
  const upload = await actor.deps.files.uploadTicket(evidence.fileKey, evidence, UPLOAD_SECONDS);
  return { evidence, upload };
}

/**
 * Called when the file store reports a file (the local upload route, or an S3 event in AWS): checks
 * it against what was declared and records the evidence, once, with its timeline entry: the write
 * is conditional on PENDING_UPLOAD, so a repeated event (S3 delivers at least once) changes nothing.
 */
export async function confirmUpload(deps: Deps, fileKey: string): Promise<Evidence["status"] | null> {
  const m = /^evidence\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(fileKey);
  if (!m) return null;
  const [, orgId, opportunityId, id] = m;
  const evidence = (await deps.store.opportunities.evidence(opportunityId)).find((e) => e.id === id && e.orgId === orgId);
  if (!evidence) throw new NotFoundError("Evidence", id);
  if (evidence.status !== "PENDING_UPLOAD") return evidence.status;
  const stored = await deps.files.stat(fileKey);
  if (!stored) return evidence.status;
  const ok = stored.size === evidence.size && stored.sha256 === evidence.sha256;
  const now = deps.clock.now();
  const activity = ok
    ? newActivity(
        {
          orgId,
          subjectType: "OPPORTUNITY",
          subjectId: opportunityId,
          kind: "EVIDENCE_ADDED",
          actorId: evidence.uploadedBy,
          evidenceId: id,
          evidenceKind: evidence.kind,
          note: evidence.fileName,
        },
        now,
      )
    : null;
  await deps.store.opportunities.settleEvidence(evidence, ok ? "UPLOADED" : "REJECTED", now.toISOString(), activity);
  return ok ? "UPLOADED" : "REJECTED";
}
