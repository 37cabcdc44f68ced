export { peekDownload, takeDownload, type Download } from "./download";
export { ExportTooLargeError } from "./errors";
export { exportCustomers, exportOpportunities, type ExportLink } from "./export";
export { EXPORT_PATH } from "./link";
export { EXPORT_KINDS, type ExportKind, type ExportRecord, LINK_MINUTES } from "./model";
export { exportLimits } from "./read-all";
export { dataExports } from "./audit";
