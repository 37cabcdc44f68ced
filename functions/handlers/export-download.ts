import { depsFromEnv } from "../deps";
import { exportDownloadHandler } from "../http/export-download";

/** GET /exports/{token}, behind the HTTP API without the JWT authorizer: the one-time link is the credential. */
export const handler = exportDownloadHandler(depsFromEnv());
