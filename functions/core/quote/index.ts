export { canCost, type LineCostInput, setQuoteLineCosts } from "./costs";
export type { QuoteDraftInput, QuoteLineInput } from "./input";
export * from "./model";
export { createQuote, submitQuote, updateQuote, visibleQuote } from "./quote";
export { quoteApprovals, quoteInView, quotesOf, revisionsOf } from "./nested";
export { listQuotes, type QuoteListFilter } from "./list";
export { withdrawQuote } from "./withdraw";
export { computeTotals, type LineFigures, lineFigures } from "./totals";
