export * from "./events";
export * from "./errors";
export * from "./model";
export * from "./manage";
export { dispatchWebhooks } from "./dispatch";
export { SIGNATURE_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, signatureHeader } from "./signature";
