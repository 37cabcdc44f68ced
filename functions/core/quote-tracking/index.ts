// Read tracking of the quote view link: openings and heartbeats in, engagement and visits out.
export * from "./model";
export { recordOpening, type Opening, type ViewRequest } from "./opening";
export { recordHeartbeat, type Heartbeat } from "./heartbeat";
export { quoteEngagement, quoteVisits, engagementOf } from "./engagement";
export { noteStaffIp } from "./staff-ips";
export { DEFAULT_QUOTE_TRACKING, type QuoteTrackingSettings, trackingOf } from "./settings";
