export * from "./model";
export { QuoteAcceptedNoChangesError, QuoteAlreadyAcceptedError, QuoteNotAcceptableError } from "./errors";
export { type ResponseState, responseStateOf } from "./state";
export { acceptQuote, type AcceptInput, type ChangesInput, requestQuoteChanges, sendOfLink } from "./respond";
export { acceptanceOf, changeRequestsOf } from "./read";
