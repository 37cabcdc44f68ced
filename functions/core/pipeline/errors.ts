import { DomainError } from "../errors";
import { localize } from "../text";
import type { UnmetCriterion } from "./criteria";
import { EVIDENCE_LABELS, FIELD_LABELS, STAGE_LABELS, type Stage } from "./stages";

const describe = (u: UnmetCriterion, lang: "zh" | "en") =>
  u.kind === "APPROVED_QUOTE"
    ? lang === "zh"
      ? `进入“${STAGE_LABELS[u.stage].zh}”需有审批通过的报价（上传报价单文件不算）`
      : `${STAGE_LABELS[u.stage].en} needs an approved quote (an uploaded quotation file does not count)`
    : u.kind === "FIELD"
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
      zh: `未满足阶段推进条件：${unmet.map((u) => describe(u, "zh")).join("；")}`,
      en: `The move's criteria are not met: ${unmet.map((u) => describe(u, "en")).join("; ")}`,
    });
    this.name = "StageCriteriaNotMetError";
  }
}

export const criterionText = (u: UnmetCriterion, locale: "zh-CN" | "en") => localize({ zh: describe(u, "zh"), en: describe(u, "en") }, locale);

export class StageSkipNotAllowedError extends DomainError {
  constructor(readonly from: Stage, readonly to: Stage) {
    super({
      zh: `本组织不允许跳过阶段：请从“${STAGE_LABELS[from].zh}”逐级推进到“${STAGE_LABELS[to].zh}”`,
      en: `This organization does not allow skipping stages: move from ${STAGE_LABELS[from].en} to ${STAGE_LABELS[to].en} one stage at a time`,
    });
    this.name = "StageSkipNotAllowedError";
  }
}

/** Only signing an approved contract wins a deal: no move, skip or reopening passes into CONTRACT_SIGNED. */
export class UseSignContractError extends DomainError {
  constructor() {
    super({
      zh: "进入“合同签订”须通过签订合同（signContract）：合同审批通过后，登记签订日期并上传签字盖章合同",
      en: "A deal reaches Contract signed only by signing its approved contract (signContract), with the signing date and the signed file",
    });
    this.name = "UseSignContractError";
  }
}

/**
 * A won deal stays won: its signed contract is what closed-won counts, so neither a move back nor
 * "lost" may quietly take the amount out of the figures a general manager reads.
 */
export class DealWonError extends DomainError {
  constructor() {
    super({
      zh: "该商机已凭签订的合同成交，不能退回或标记输单；合同解除须另行处理",
      en: "This deal was won with a signed contract; it cannot be moved back or marked lost",
    });
    this.name = "DealWonError";
  }
}

/** Signing wins a deal that has been through the stages before it: at 方案报价, with an approved quote. */
export class DealNotQuotedError extends DomainError {
  constructor(readonly stage: Stage) {
    super({
      zh: `商机当前处于“${STAGE_LABELS[stage].zh}”，须先推进到“方案报价”才能登记合同签订`,
      en: `The deal is at ${STAGE_LABELS[stage].en}; move it to Quoted before recording the signed contract`,
    });
    this.name = "DealNotQuotedError";
  }
}

/** A lost deal is not revived by a contract: it must be reopened, with a reason, first. */
export class OpportunityLostError extends DomainError {
  constructor() {
    super({ zh: "商机已输单，请先重新打开并说明原因", en: "The opportunity is lost: reopen it, with a reason, first" });
    this.name = "OpportunityLostError";
  }
}
