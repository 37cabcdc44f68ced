import { activityStore } from "./activities";
import { approvalReadStore } from "./approval-reads";
import { approvalStore } from "./approvals";
import type { Db } from "./client";
import { customerStore } from "./customers";
import { opportunityStore } from "./opportunities";
import { organizationStore } from "./organizations";
import { outboxStore } from "./outbox";
import { pipelineTotalsStore } from "./pipeline-totals";
import { productStore } from "./products";
import { quoteStore } from "./quotes";
import { dealListStore } from "./deal-lists";
import { dealChildrenStore } from "./deal-children";
import { quoteChildrenStore } from "./quote-children";
import { customerDealIdsStore } from "./customer-deals";
import { quoteSendStore } from "./quote-sends";
import { quoteVisitStore } from "./quote-visits";
import { quoteEngagementStore } from "./quote-engagement";
import { staffIpStore } from "./staff-ips";
import { quoteSendIndexStore } from "./quote-send-index";
import { quoteResponseStore } from "./quote-responses";
import { userStore } from "./users";
import { dueJobStore } from "./due-jobs";
import { slaBreachStore } from "./sla-breaches";
import { openStayStore } from "./sla-stays";
import { workOrderStore } from "./work-orders";
import { instalmentStore } from "./instalments";
import { paymentStore } from "./payments";
import { teamKeyStore } from "./team-keys";
import { customerSearchStore } from "./customer-search";
import { webhookStore } from "./webhooks";
import { exportStore } from "./exports";
import { importStore } from "./imports";
import { idempotencyKeyStore } from "./idempotency-keys";

export function createStore(db: Db) {
  return {
    db,
    users: userStore(db),
    organizations: organizationStore(db),
    customers: customerStore(db),
    activities: activityStore(db),
    opportunities: opportunityStore(db),
    pipelineTotals: pipelineTotalsStore(db),
    quotes: quoteStore(db),
    dealLists: dealListStore(db),
    dealChildren: dealChildrenStore(db),
    quoteChildren: quoteChildrenStore(db),
    customerDealIds: customerDealIdsStore(db),
    quoteSends: quoteSendStore(db),
    quoteVisits: quoteVisitStore(db),
    quoteEngagement: quoteEngagementStore(db),
    staffIps: staffIpStore(db),
    quoteSendIndex: quoteSendIndexStore(db),
    quoteResponses: quoteResponseStore(db),
    products: productStore(db),
    approvals: approvalStore(db),
    approvalReads: approvalReadStore(db),
    outbox: outboxStore(db),
    dueJobs: dueJobStore(db),
    slaBreaches: slaBreachStore(db),
    openStays: openStayStore(db),
    workOrders: workOrderStore(db),
    instalments: instalmentStore(db),
    payments: paymentStore(db),
    teamKeys: teamKeyStore(db),
    customerSearch: customerSearchStore(db),
    webhooks: webhookStore(db),
    exports: exportStore(db),
    imports: importStore(db),
    idempotencyKeys: idempotencyKeyStore(db),
  };
}

export type Store = ReturnType<typeof createStore>;
export { ConditionFailedError } from "./transact";
export { InvalidCursorError, type Page } from "./page";
