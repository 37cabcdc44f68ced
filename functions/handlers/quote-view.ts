import { depsFromEnv } from "../deps";
import { quoteViewHandler } from "../http/quote-view";

/** GET /q/{link}, behind the HTTP API without the JWT authorizer: the link in the quote email is the credential. */
export const handler = quoteViewHandler(depsFromEnv());
