/**
 * Key builders: the only place that spells out how entities map to pk/sk and index keys.
 * Entity items carry their plain attributes next to these keys; `stripKeys` removes them on read.
 */
export const POOL = "POOL";
/** The release index is spread over a few partitions so no single one runs hot. */
export const RELEASE_SHARDS = 4;

export const key = {
  org: (orgId: string) => ({ pk: `ORG#${orgId}`, sk: "ORG" }),
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: "USER" }),
  /** An address is unique within its organization; other organizations may hold the same one. */
  email: (orgId: string, email: string) => ({ pk: `EMAIL#${orgId}#${email}`, sk: "EMAIL" }),
  customer: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: "CUSTOMER" }),
  creditCode: (orgId: string, code: string) => ({ pk: `UNIQUE#${orgId}#CREDIT#${code}`, sk: "UNIQUE" }),
  customerName: (orgId: string, nameKey: string) => ({ pk: `UNIQUE#${orgId}#NAME#${nameKey}`, sk: "UNIQUE" }),
  opportunity: (id: string) => ({ pk: `OPP#${id}`, sk: "OPP" }),
  evidence: (opportunityId: string, id: string) => ({ pk: `OPP#${opportunityId}`, sk: `EVIDENCE#${id}` }),
  /** Pipeline totals per organization, month and owner, kept up to date on every opportunity write. */
  pipelineTotals: (orgId: string, month: string, ownerId: string) => ({ pk: `AGG#${orgId}#${month}`, sk: `OWNER#${ownerId}` }),
  /** The totals of the twelve months from `takenMonth` on, copied at the start of `takenMonth`. */
  snapshot: (orgId: string, takenMonth: string, month: string, ownerId: string) => ({
    pk: `SNAP#${orgId}#${takenMonth}`,
    sk: `${month}#OWNER#${ownerId}`,
  }),
  snapshotDone: (orgId: string, takenMonth: string) => ({ pk: `SNAP#${orgId}#${takenMonth}`, sk: "DONE" }),
  target: (orgId: string, period: string, scope: "USER" | "TEAM", id: string) => ({ pk: `TARGET#${orgId}#${period}`, sk: `${scope}#${id}` }),
  quote: (id: string) => ({ pk: `QUOTE#${id}`, sk: "QUOTE" }),
  quoteRevision: (id: string, revision: number) => ({ pk: `QUOTE#${id}`, sk: `REV#${String(revision).padStart(4, "0")}` }),
  /** A sending of a quote, in the quote's partition; its id comes from the request's idempotency key. */
  quoteSend: (quoteId: string, sendId: string) => ({ pk: `QUOTE#${quoteId}`, sk: `SEND#${sendId}` }),
  /** A quote email's view link, by its hash: which send it opens. */
  quoteView: (viewHash: string) => ({ pk: `QVIEW#${viewHash}`, sk: "QVIEW" }),
  contract: (id: string) => ({ pk: `CONTRACT#${id}`, sk: "CONTRACT" }),
  product: (id: string) => ({ pk: `PRODUCT#${id}`, sk: "PRODUCT" }),
  productCode: (orgId: string, code: string) => ({ pk: `UNIQUE#${orgId}#PRODUCT#${code}`, sk: "UNIQUE" }),
  approvalRequest: (id: string) => ({ pk: `APPROVAL#${id}`, sk: "REQUEST" }),
  approvalStep: (requestId: string, stepKey: string) => ({ pk: `APPROVAL#${requestId}`, sk: `STEP#${stepKey}` }),
  approvalLink: (linkHash: string) => ({ pk: `LINK#${linkHash}`, sk: "LINK" }),
  /** A closed step whose approvers' inbox entries are still to be cleared. */
  inboxCleanup: (requestId: string, stepKey: string) => ({ pk: `APPROVAL#${requestId}`, sk: `CLEANUP#${stepKey}` }),
  outbox: (emailId: string) => ({ pk: `OUTBOX#${emailId}`, sk: "OUTBOX" }),
  counter: (orgId: string, name: string) => ({ pk: `COUNTER#${orgId}#${name}`, sk: "COUNTER" }),
  /** Every organization, for jobs that run per organization (forecast snapshots). */
  orgRegistry: (orgId: string) => ({ pk: "ORGS", sk: orgId }),
  /** Activities live in their subject's partition, newest last in sort order. */
  activity: (subjectPk: string, at: string, id: string) => ({ pk: subjectPk, sk: `ACT#${at}#${id}` }),
} as const;

export const partition = {
  orgCustomers: (orgId: string) => `${orgId}#CUSTOMER`,
  orgUsers: (orgId: string) => `${orgId}#USER`,
  owner: (orgId: string, ownerId: string | null) => `${orgId}#OWNER#${ownerId ?? POOL}`,
  releaseShard: (shard: number) => `RELEASE#${shard}`,
  orgOpportunities: (orgId: string) => `${orgId}#OPPORTUNITY`,
  opportunityOwner: (orgId: string, ownerId: string) => `${orgId}#OPP_OWNER#${ownerId}`,
  customerOpportunities: (customerId: string) => `CUSTOMER#${customerId}#OPPORTUNITY`,
  openStage: (orgId: string, stage: string) => `${orgId}#STAGE#${stage}`,
  opportunityQuotes: (opportunityId: string) => `OPP#${opportunityId}#QUOTE`,
  /** The price book: every product of an organization, by code, in one partition of byOrg. */
  orgProducts: (orgId: string) => `${orgId}#PRODUCT`,
  opportunityContracts: (opportunityId: string) => `OPP#${opportunityId}#CONTRACT`,
  subjectApprovals: (subjectType: string, subjectId: string) => `${subjectType}#${subjectId}#APPROVAL`,
  inbox: (orgId: string, userId: string) => `${orgId}#INBOX#${userId}`,
  resumeDue: () => "RESUME",
  pendingApprovals: () => "APPROVALS_PENDING",
  failedApprovals: () => "APPROVALS_FAILED",
  inboxCleanupDue: () => "INBOX_CLEANUP",
};

export function releaseShardOf(customerId: string): number {
  let h = 0;
  for (const ch of customerId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % RELEASE_SHARDS;
}

const KEY_ATTRIBUTES = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk", "gsi4pk", "gsi4sk", "gsi5pk", "gsi5sk", "_type"]);

export function stripKeys<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k)) out[k] = v;
  return out as T;
}
