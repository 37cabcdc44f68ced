import type { Stage } from "../pipeline/stages";

/** A follow-up deadline that passed with nothing logged: kept, and answered when a follow-up comes. */
export interface SlaBreach {
  orgId: string;
  opportunityId: string;
  customerId: string;
  /** The deal's owner when it was breached. */
  ownerId: string;
  stage: Stage;
  /** When the stay in the stage began (which stay the breach belongs to). */
  stageEnteredAt: string;
  /** ISO instant the follow-up was due; with the deal, the breach's identity. */
  deadline: string;
  /** When the sweep found it. */
  breachedAt: string;
  /** The SLA in business hours at the time. */
  slaHours: number;
  /** When a follow-up finally came; null while none has. */
  resolvedAt: string | null;
}
