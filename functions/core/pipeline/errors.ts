import { DomainError } from "../errors";
import { localize } from "../text";
import type { UnmetCriterion } from "./criteria";
import { EVIDENCE_LABELS, FIELD_LABELS, STAGE_LABELS, type Stage } from "./stages";

const describe = (u: UnmetCriterion, lang: "zh" | "en") =>
  u.kind === "FIELD"
    ? lang === "zh"
      ? `进入“${STAGE_LABELS[u.stage].zh}”需填写${FIELD_LABELS[u.field].zh}`
      : `${STAGE_LABELS[u.stage].en} needs the ${FIELD_LABELS[u.field].en}`
    : lang === "zh"
      ? `进入“${STAGE_LABELS[u.stage].zh}”需上传${EVIDENCE_LABELS[u.evidenceKind].zh}`
      : `${STAGE_LABELS[u.stage].en} needs an uploaded ${EVIDENCE_LABELS[u.evidenceKind].en}`;

/** A move refused for its criteria; lists every one that is not met, not just the first. */
export class StageCriteriaNotMetError extends DomainError {
  constructor(readonly unmet: UnmetCriterion[]) {
    super({
      zh: `未满足阶段推进条件:${unmet.map((u) => describe(u, "zh")).join(";")}`,
      en: `The move's criteria are not met: ${unmet.map((u) => describe(u, "en")).join("; ")}`,
    });
    this.name = "StageCriteriaNotMetError";
  }
}

export const criterionText = (u: UnmetCriterion, locale: "zh-CN" | "en") => localize({ zh: describe(u, "zh"), en: describe(u, "en") }, locale);

export class StageSkipNotAllowedError extends DomainError {
  constructor(readonly from: Stage, readonly to: Stage) {
    super({
      zh: `本组织不允许跳过阶段:请从“${STAGE_LABELS[from].zh}”逐级推进到“${STAGE_LABELS[to].zh}”`,
      en: `This organization does not allow skipping stages: move from ${STAGE_LABELS[from].en} to ${STAGE_LABELS[to].en} one stage at a time`,
    });
    this.name = "StageSkipNotAllowedError";
  }
}
