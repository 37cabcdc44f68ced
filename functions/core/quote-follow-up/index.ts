export { remindUnansweredQuotes } from "./sweep";
export { quoteAcceptanceRate, type AcceptanceRate, type AcceptanceRow } from "./acceptance-rate";
