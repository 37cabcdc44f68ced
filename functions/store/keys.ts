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
  /** The ids of a customer's deals (a string set), so a page of customers finds them in one BatchGetItem. */
  customerDealIds: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: "DEALS" }),
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
  /** A quote's first send SES took: one per quote, on byOrg by organization and month (acceptance rate). */
  quoteFirstSend: (quoteId: string) => ({ pk: `QUOTE#${quoteId}`, sk: "FIRSTSEND" }),
  /** The customer's acceptance of a revision: at most one item per revision, in the quote's partition. */
  quoteAcceptance: (quoteId: string, revision: number) => ({ pk: `QUOTE#${quoteId}`, sk: `ACCEPT#${String(revision).padStart(4, "0")}` }),
  /** The ids of a quote's sends and change requests (string sets), so a page of quotes finds them in one BatchGetItem. */
  quoteChildren: (quoteId: string) => ({ pk: `QUOTE#${quoteId}`, sk: "CHILDREN" }),
  /** A change request; its id comes from the send and the comment, so a repeated POST is the same item. */
  quoteChangeRequest: (quoteId: string, id: string) => ({ pk: `QUOTE#${quoteId}`, sk: `CHANGES#${id}` }),
  /** The live visit behind a view page's visit token (a heartbeat needs the link too, which the table does not hold). */
  visitSession: (token: string) => ({ pk: `QTOKEN#${token}`, sk: "QTOKEN" }),
  /** A visit its tab moved on from (it came back after 10 minutes and started another). */
  visitArchive: (visitId: string) => ({ pk: `QVISIT#${visitId}`, sk: "QVISIT" }),
  /** Which session a link's openings of one kind join while it is active (activity within 10 minutes). */
  visitLane: (viewHash: string, lane: string) => ({ pk: `QVIEW#${viewHash}`, sk: `LANE#${lane}` }),
  /** A quote's engagement figures, added to atomically with each event. */
  quoteEngagement: (quoteId: string) => ({ pk: `QUOTE#${quoteId}`, sk: "ENGAGEMENT" }),
  /** An address our people used the API from lately (TTL): views from it are internal. */
  staffIp: (orgId: string, ip: string) => ({ pk: `STAFFIP#${orgId}#${ip}`, sk: "STAFFIP" }),
  contract: (id: string) => ({ pk: `CONTRACT#${id}`, sk: "CONTRACT" }),
  /** The ids of a deal's quotes and contracts (string sets), so a page of deals finds them in one BatchGetItem. */
  dealChildren: (opportunityId: string) => ({ pk: `OPP#${opportunityId}`, sk: "CHILDREN" }),
  /** A work order and its timeline (indexes: store/work-orders.ts). */
  workOrder: (id: string) => ({ pk: `WO#${id}`, sk: "WO" }),
  product: (id: string) => ({ pk: `PRODUCT#${id}`, sk: "PRODUCT" }),
  /** A spreadsheet import (store/imports.ts). */
  importJob: (id: string) => ({ pk: `IMPORT#${id}`, sk: "IMPORT" }),
  productCode: (orgId: string, code: string) => ({ pk: `UNIQUE#${orgId}#PRODUCT#${code}`, sk: "UNIQUE" }),
  approvalRequest: (id: string) => ({ pk: `APPROVAL#${id}`, sk: "REQUEST" }),
  approvalStep: (requestId: string, stepKey: string) => ({ pk: `APPROVAL#${requestId}`, sk: `STEP#${stepKey}` }),
  approvalLink: (linkHash: string) => ({ pk: `LINK#${linkHash}`, sk: "LINK" }),
  /** A closed step whose approvers' inbox entries are still to be cleared. */
  inboxCleanup: (requestId: string, stepKey: string) => ({ pk: `APPROVAL#${requestId}`, sk: `CLEANUP#${stepKey}` }),
  outbox: (emailId: string) => ({ pk: `OUTBOX#${emailId}`, sk: "OUTBOX" }),
  /** A webhook endpoint; its deliveries live in its partition, by their time-ordered ids (store/webhooks.ts). */
  webhook: (id: string) => ({ pk: `WEBHOOK#${id}`, sk: "WEBHOOK" }),
  webhookDelivery: (webhookId: string, deliveryId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: `DLV#${deliveryId}` }),
  /** An organization's claim on an endpoint URL (one endpoint per URL): the URL's SHA-256, so any length fits a key. */
  webhookUrl: (orgId: string, urlHash: string) => ({ pk: `WEBHOOK_URL#${orgId}#${urlHash}`, sk: "WEBHOOK_URL" }),
  counter: (orgId: string, name: string) => ({ pk: `COUNTER#${orgId}#${name}`, sk: "COUNTER" }),
  /** Every organization, for jobs that run per organization (forecast snapshots). */
  orgRegistry: (orgId: string) => ({ pk: "ORGS", sk: orgId }),
  /** Activities live in their subject's partition, newest last in sort order. */
  activity: (subjectPk: string, at: string, id: string) => ({ pk: subjectPk, sk: `ACT#${at}#${id}` }),
  /** The sort keys of a subject's newest activities, beside them (store/timeline-heads.ts). */
  timelineHead: (subjectPk: string) => ({ pk: subjectPk, sk: "TIMELINE_HEAD" }),
} as const;

export const partition = {
  orgCustomers: (orgId: string) => `${orgId}#CUSTOMER`,
  orgUsers: (orgId: string) => `${orgId}#USER`,
  /** An organization's webhook endpoints, on byOrg. */
  orgWebhooks: (orgId: string) => `${orgId}#WEBHOOK`,
  owner: (orgId: string, ownerId: string | null) => `${orgId}#OWNER#${ownerId ?? POOL}`,
  /** Customers or deals whose owner reports directly to `managerId`, on byTeam. */
  team: (orgId: string, managerId: string, kind: "CUSTOMER" | "OPPORTUNITY") => `${orgId}#TEAM#${managerId}#${kind}`,
  releaseShard: (shard: number) => `RELEASE#${shard}`,
  /** Sent quotes awaiting an answer, on byDueTime by organization and sending time (the follow-up reminder). */
  quoteFollowUpShard: (shard: number) => `QUOTE_FOLLOW_UP#${shard}`,
  /** Quotes first sent in a month, on byOrg. */
  quotesFirstSent: (orgId: string, month: string) => `${orgId}#QUOTES_SENT#${month}`,
  orgOpportunities: (orgId: string) => `${orgId}#OPPORTUNITY`,
  opportunityOwner: (orgId: string, ownerId: string) => `${orgId}#OPP_OWNER#${ownerId}`,
  customerOpportunities: (customerId: string) => `CUSTOMER#${customerId}#OPPORTUNITY`,
  openStage: (orgId: string, stage: string) => `${orgId}#STAGE#${stage}`,
  opportunityQuotes: (opportunityId: string) => `OPP#${opportunityId}#QUOTE`,
  /** The price book: every product of an organization, by code, in one partition of byOrg. */
  orgProducts: (orgId: string) => `${orgId}#PRODUCT`,
  /** An organization's spreadsheet imports, newest first, on byOrg. */
  orgImports: (orgId: string) => `${orgId}#IMPORT`,
  opportunityContracts: (opportunityId: string) => `OPP#${opportunityId}#CONTRACT`,
  /** Quotes / contracts of an organization (byOrg), of an owner (byOwner), of a customer (byStage), newest created first. */
  orgDeals: (orgId: string, kind: "QUOTE" | "CONTRACT") => `${orgId}#${kind}`,
  ownerDeals: (orgId: string, kind: "QUOTE" | "CONTRACT", ownerId: string) => `${orgId}#${kind}_OWNER#${ownerId}`,
  customerDeals: (customerId: string, kind: "QUOTE" | "CONTRACT") => `CUSTOMER#${customerId}#${kind}`,
  /** A quote's visits of one kind (HUMAN / MACHINE / INTERNAL), newest first, on byParent. */
  quoteVisits: (quoteId: string, kind: string) => `QUOTE#${quoteId}#VISIT#${kind}`,
  subjectApprovals: (subjectType: string, subjectId: string) => `${subjectType}#${subjectId}#APPROVAL`,
  inbox: (orgId: string, userId: string) => `${orgId}#INBOX#${userId}`,
  resumeDue: () => "RESUME",
  pendingApprovals: () => "APPROVALS_PENDING",
  failedApprovals: () => "APPROVALS_FAILED",
  inboxCleanupDue: () => "INBOX_CLEANUP",
  /** Emails SES refused on every attempt (FAILED), on byOrg by failure time. */
  deliveryProblems: (orgId: string) => `${orgId}#DELIVERY_PROBLEM`,
  /** A sent staff email by SES's message id, on byParent (its bounce or complaint finds it). */
  outboxBySesMessage: (messageId: string) => `OUTBOXMSG#${messageId}`,
};

export function releaseShardOf(customerId: string): number {
  let h = 0;
  for (const ch of customerId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % RELEASE_SHARDS;
}

const KEY_ATTRIBUTES = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk", "gsi4pk", "gsi4sk", "gsi5pk", "gsi5sk", "gsi6pk", "_type"]);

export function stripKeys<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const k in item) if (!KEY_ATTRIBUTES.has(k)) out[k] = item[k];
  return out as T;
}
