export * from "./model";
export { ImportStatusError } from "./errors";
export { startImport, uploaded, commitImport, importOf, uploadTicketOf, type StartImportInput } from "./start";
export { listImports, importTemplate, reportUrl } from "./read";
