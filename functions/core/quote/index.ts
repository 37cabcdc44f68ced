export type { QuoteDraftInput, QuoteLineInput } from "./input";
export * from "./model";
export { createQuote, quotesOf, revisionsOf, submitQuote, updateQuote, visibleQuote, withdrawQuote } from "./quote";
export { lineTotals } from "./totals";
