import type { Text } from "../text";

/** The agreed process, in order; LOST can happen at any point. */
export const STAGES = ["LEAD", "FIRST_CONTACT", "NEEDS_CONFIRMED", "QUOTED", "CONTRACT_SIGNED", "DELIVERED_PAID", "LOST"] as const;
export type Stage = (typeof STAGES)[number];
export const PROGRESS_STAGES = STAGES.filter((s) => s !== "LOST") as Exclude<Stage, "LOST">[];
/** Before the contract is signed: these make up the open pipeline. */
export const OPEN_STAGES: Stage[] = ["LEAD", "FIRST_CONTACT", "NEEDS_CONFIRMED", "QUOTED"];
/** A signed contract is a won deal; delivery and payment follow. */
export const WON_STAGES: Stage[] = ["CONTRACT_SIGNED", "DELIVERED_PAID"];

export const isOpen = (s: Stage) => OPEN_STAGES.includes(s);
export const isWon = (s: Stage) => WON_STAGES.includes(s);
export const stageIndex = (s: Stage) => PROGRESS_STAGES.indexOf(s as Exclude<Stage, "LOST">);

export const FORECAST_CATEGORIES = ["PIPELINE", "BEST_CASE", "COMMIT", "CLOSED"] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];
/** What a rep may choose; CLOSED follows from winning or losing. */
export const OPEN_CATEGORIES: ForecastCategory[] = ["PIPELINE", "BEST_CASE", "COMMIT"];

export const EVIDENCE_KINDS = [
  "REQUIREMENT_DOCUMENT",
  "SOLUTION_PROPOSAL",
  "QUOTATION",
  "SIGNED_CONTRACT",
  "PAYMENT_RECEIPT",
  "OTHER",
  "CONTRACT_DRAFT",
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Fields a stage can require before an opportunity enters it. */
export const CRITERIA_FIELDS = ["amount", "expectedCloseOn", "budget", "decisionMaker", "useCase", "productLines", "competitors"] as const;
export type CriteriaField = (typeof CRITERIA_FIELDS)[number];

export interface StageSettings {
  stage: Exclude<Stage, "LOST">;
  /** Chance of closing, in percent, for the weighted forecast. */
  probability: number;
  /** Days in the stage after which the deal counts as stalled (seeds: > 5 days). */
  stalledAfterDays: number;
  /**
   * What must hold before a deal enters this stage (the exit criteria of the stage before).
   * QUOTATION is met only by an approved quote in the system, not by an uploaded file; a deal
   * enters CONTRACT_SIGNED only by signing an approved contract (signContract).
   */
  requiredFields: CriteriaField[];
  requiredEvidence: EvidenceKind[];
}

export interface PipelineSettings {
  stages: StageSettings[];
  /** Whether a deal may jump stages forward (each skipped stage's criteria still apply). */
  allowSkipping: boolean;
}

export const DEFAULT_PIPELINE: PipelineSettings = {
  allowSkipping: false,
  stages: [
    { stage: "LEAD", probability: 10, stalledAfterDays: 5, requiredFields: [], requiredEvidence: [] },
    { stage: "FIRST_CONTACT", probability: 20, stalledAfterDays: 5, requiredFields: ["amount", "expectedCloseOn"], requiredEvidence: [] },
    {
      stage: "NEEDS_CONFIRMED",
      probability: 40,
      stalledAfterDays: 5,
      requiredFields: ["budget", "decisionMaker", "useCase"],
      requiredEvidence: ["REQUIREMENT_DOCUMENT"],
    },
    { stage: "QUOTED", probability: 60, stalledAfterDays: 5, requiredFields: ["productLines"], requiredEvidence: ["QUOTATION"] },
    { stage: "CONTRACT_SIGNED", probability: 90, stalledAfterDays: 30, requiredFields: [], requiredEvidence: ["SIGNED_CONTRACT"] },
    { stage: "DELIVERED_PAID", probability: 100, stalledAfterDays: 0, requiredFields: [], requiredEvidence: ["PAYMENT_RECEIPT"] },
  ],
};

export const STAGE_LABELS: Record<Stage, Text> = {
  LEAD: { zh: "线索登记", en: "Lead" },
  FIRST_CONTACT: { zh: "初步接触", en: "First contact" },
  NEEDS_CONFIRMED: { zh: "需求确认", en: "Needs confirmed" },
  QUOTED: { zh: "方案报价", en: "Quoted" },
  CONTRACT_SIGNED: { zh: "合同签订", en: "Contract signed" },
  DELIVERED_PAID: { zh: "交付回款", en: "Delivered and paid" },
  LOST: { zh: "输单", en: "Lost" },
};

export const FIELD_LABELS: Record<CriteriaField, Text> = {
  amount: { zh: "预计金额", en: "expected amount" },
  expectedCloseOn: { zh: "预计成交日期", en: "expected close date" },
  budget: { zh: "客户预算", en: "budget" },
  decisionMaker: { zh: "决策人", en: "decision maker" },
  useCase: { zh: "使用场景", en: "use case" },
  productLines: { zh: "产品线", en: "product lines" },
  competitors: { zh: "竞争对手", en: "competitors" },
};

export const EVIDENCE_LABELS: Record<EvidenceKind, Text> = {
  REQUIREMENT_DOCUMENT: { zh: "客户需求说明书", en: "requirement document" },
  SOLUTION_PROPOSAL: { zh: "技术方案", en: "solution proposal" },
  QUOTATION: { zh: "报价单", en: "quotation" },
  SIGNED_CONTRACT: { zh: "签字盖章合同", en: "signed contract" },
  PAYMENT_RECEIPT: { zh: "回款凭证", en: "payment receipt" },
  OTHER: { zh: "其他附件", en: "other file" },
  CONTRACT_DRAFT: { zh: "合同草稿", en: "contract draft" },
};

export const stageSettings = (p: PipelineSettings, stage: Stage) => p.stages.find((s) => s.stage === stage);
