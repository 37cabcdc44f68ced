import type { Checker } from "../validate";
import { CRITERIA_FIELDS, type CriteriaField, EVIDENCE_KINDS, type EvidenceKind, type PipelineSettings, PROGRESS_STAGES, type Stage } from "./stages";

export interface StageSettingsInput {
  stage: Stage;
  probability?: number | null;
  stalledAfterDays?: number | null;
  requiredFields?: CriteriaField[] | null;
  requiredEvidence?: EvidenceKind[] | null;
}

export interface PipelineSettingsInput {
  allowSkipping?: boolean | null;
  stages?: StageSettingsInput[] | null;
}

/** Applies an ADMIN's changes to the stage rules, collecting problems into the caller's checker. */
export function applyPipelineSettings(current: PipelineSettings, input: PipelineSettingsInput, c: Checker): PipelineSettings {
  const stages = current.stages.map((s) => ({ ...s }));
  (input.stages ?? []).forEach((inp, i) => {
    const path = `pipeline.stages.${i}`;
    const target = stages.find((s) => s.stage === inp.stage);
    if (!target || !PROGRESS_STAGES.includes(inp.stage as (typeof PROGRESS_STAGES)[number])) {
      c.fail(`${path}.stage`, "NOT_ALLOWED", { zh: "不是可配置的阶段", en: "is not a configurable stage" });
      return;
    }
    const probability = c.int(`${path}.probability`, inp.probability, 0, 100);
    const stalled = c.int(`${path}.stalledAfterDays`, inp.stalledAfterDays, 0, 365);
    if (probability !== undefined) target.probability = probability;
    if (stalled !== undefined) target.stalledAfterDays = stalled;
    if (inp.requiredFields) target.requiredFields = inp.requiredFields.filter((f, k) => c.oneOf(`${path}.requiredFields.${k}`, f, CRITERIA_FIELDS));
    if (inp.requiredEvidence) target.requiredEvidence = inp.requiredEvidence.filter((e, k) => c.oneOf(`${path}.requiredEvidence.${k}`, e, EVIDENCE_KINDS));
  });
  const probs = stages.map((s) => s.probability);
  if (probs.some((p, i) => i > 0 && p < probs[i - 1])) {
    c.fail("pipeline.stages", "PROBABILITY_ORDER", { zh: "各阶段概率应逐级不减", en: "probabilities must not fall from one stage to the next" });
  }
  return { allowSkipping: input.allowSkipping ?? current.allowSkipping, stages };
}
