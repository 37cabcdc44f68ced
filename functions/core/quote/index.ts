export type { QuoteDraftInput, QuoteLineInput } from "./input";
export { VAT_RATES } from "./input";
export * from "./model";
export { createQuote, quotesOf, revisionsOf, submitQuote, updateQuote, visibleQuote, withdrawQuote } from "./quote";
export { lineTotals } from "./totals";
