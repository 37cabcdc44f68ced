import { depsFromEnv } from "../deps";
import { approvalPageHandler } from "../http/approval-page";

/** GET/POST /approvals/{link}, behind the HTTP API without the JWT authorizer: the link is the credential. */
export const handler = approvalPageHandler(depsFromEnv());
