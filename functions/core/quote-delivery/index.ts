export { IdempotencyKeyReusedError, QuoteDealWonError, QuoteNotSendableError } from "./errors";
export * from "./model";
export { type SendQuoteInput, sendQuote, sendsOf } from "./send";
export { applySesEvent, type SesEventMessage } from "./events";
