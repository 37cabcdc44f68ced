export * from "./model";
export { QuoteAcceptedNoChangesError, QuoteAlreadyAcceptedError, QuoteNotAcceptableError } from "./errors";
export { type ResponseState, responseStateOf } from "./state";
export { acceptQuote, type AcceptInput, type ChangesInput, requestQuoteChanges } from "./respond";
export { sendOfLink } from "../quote-delivery/send";
export { acceptanceOf, changeRequestsOf } from "./read";
