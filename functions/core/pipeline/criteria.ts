import type { Evidence, Opportunity } from "./model";
import { type CriteriaField, type EvidenceKind, type PipelineSettings, type Stage, stageIndex, PROGRESS_STAGES } from "./stages";

export type UnmetCriterion =
  | { stage: Stage; kind: "FIELD"; field: CriteriaField }
  | { stage: Stage; kind: "EVIDENCE"; evidenceKind: EvidenceKind }
  /** QUOTATION asked for: met by an approved quote (any revision approved), not by an uploaded file. */
  | { stage: Stage; kind: "APPROVED_QUOTE"; evidenceKind: EvidenceKind };

/** What the deal holds besides its fields and files. */
export interface CriteriaContext {
  approvedQuote: boolean;
}

function hasField(o: Opportunity, field: CriteriaField): boolean {
  const v = o[field];
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === "object") return v.fen > 0;
  return v !== null && v !== undefined && v !== "";
}

/** Whether the QUOTATION criterion asks for something within these stages (so quotes need reading). */
export const needsQuote = (from: Stage, to: Stage, pipeline: PipelineSettings) =>
  stagesEntered(from, to).some((stage) => pipeline.stages.find((s) => s.stage === stage)?.requiredEvidence.includes("QUOTATION"));

/** The stages a forward move passes into, in order: from just after `from` up to `to`. */
export function stagesEntered(from: Stage, to: Stage): Stage[] {
  const start = from === "LOST" ? -1 : stageIndex(from);
  return PROGRESS_STAGES.slice(start + 1, stageIndex(to) + 1);
}

/**
 * Everything that keeps a deal from entering `to`: the entry criteria of every stage the move passes
 * into, checked against the deal's fields and its uploaded evidence. Empty when the move may happen.
 */
export function unmetCriteria(o: Opportunity, to: Stage, evidence: Evidence[], pipeline: PipelineSettings, context: CriteriaContext): UnmetCriterion[] {
  const uploaded = new Set(evidence.filter((e) => e.status === "UPLOADED").map((e) => e.kind));
  return stagesEntered(o.stage, to).flatMap((stage) => {
    const settings = pipeline.stages.find((s) => s.stage === stage);
    if (!settings) return [];
    return [
      ...settings.requiredFields.filter((f) => !hasField(o, f)).map((field): UnmetCriterion => ({ stage, kind: "FIELD", field })),
      ...settings.requiredEvidence
        .filter((k) => (k === "QUOTATION" ? !context.approvedQuote : !uploaded.has(k)))
        .map((evidenceKind): UnmetCriterion => ({ stage, kind: evidenceKind === "QUOTATION" ? "APPROVED_QUOTE" : "EVIDENCE", evidenceKind })),
    ];
  });
}
