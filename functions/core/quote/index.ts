export { canCost, type LineCostInput, setQuoteLineCosts } from "./costs";
export type { QuoteDraftInput, QuoteLineInput } from "./input";
export * from "./model";
export { createQuote, quotesOf, revisionsOf, submitQuote, updateQuote, visibleQuote } from "./quote";
export { withdrawQuote } from "./withdraw";
export { computeTotals, type LineFigures, lineFigures } from "./totals";
