/** Collections (回款): a signed contract's instalments, invoices, payments, reminders and receivables. */
export { recordsMoney, signedContractFor } from "./access";
export * from "./errors";
export { recordContractEvent, requestCollection } from "./events";
export { recordInvoice, type InvoiceInput } from "./invoices";
export * from "./model";
export { MONEY_LABELS, recordPayment, type PaymentInput } from "./payments";
export { setPaymentPlan } from "./plan";
export { visibleInvoice, visiblePayment } from "./recorded";
export { contractCollectionFigures, instalmentsOfContract } from "./read";
export { AGING_BUCKETS, agingBucket, receivables, type AgingBucket, type Receivables, type ReceivablesFilter } from "./receivables";
export { collectionEscalationDaysOf } from "./schedule";
