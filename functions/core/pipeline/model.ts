import type { Money } from "../money";
import type { EvidenceKind, ForecastCategory, Stage } from "./stages";

/** One stay in a stage: exact entry and exit times, who moved it, and why when it went back. */
export interface StageVisit {
  stage: Stage;
  enteredAt: string;
  exitedAt: string | null;
  movedBy: string;
  reason: string | null;
  evidenceIds: string[];
}

export interface Opportunity {
  id: string;
  orgId: string;
  customerId: string;
  title: string;
  ownerId: string;
  productLines: string[];
  /** Expected amount incl. VAT (含税); optional at LEAD, required to reach FIRST_CONTACT by default. */
  amount: Money | null;
  /** Expected close date in the organization's calendar. */
  expectedCloseOn: string | null;
  source: string | null;
  stage: Stage;
  stageEnteredAt: string;
  forecastCategory: ForecastCategory;
  competitors: string[];
  /** Qualification, confirmed before needs are (budget, decision maker, use case). */
  budget: Money | null;
  decisionMaker: string | null;
  useCase: string | null;
  lostReason: string | null;
  stageHistory: StageVisit[];
  /** When the contract was signed (the deal was won) or the deal was lost. */
  wonAt: string | null;
  lostAt: string | null;
  /**
   * The signed contract that won the deal, its amount incl. VAT and its signing day (organization
   * calendar): closed-won counts this amount in this day's month. Null while not won (absent on
   * deals written before contracts recorded them).
   */
  wonContractId?: string | null;
  wonAmount?: Money | null;
  wonOn?: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  version: number;
}

export const EVIDENCE_STATUSES = ["PENDING_UPLOAD", "UPLOADED", "REJECTED"] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

/** A file backing a stage move: a requirement document, a signed contract… */
export interface Evidence {
  id: string;
  orgId: string;
  opportunityId: string;
  kind: EvidenceKind;
  fileName: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 the client declared; the upload must match it. */
  sha256: string;
  fileKey: string;
  uploadedBy: string;
  status: EvidenceStatus;
  createdAt: string;
  uploadedAt: string | null;
}
