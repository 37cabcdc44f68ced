import { depsFromEnv } from "../deps";
import { quoteViewHandler } from "../http/quote-view";

/** /q/{link}[/pdf|/events|/accept|/changes] and /q/assets/{name}, behind the HTTP API without the JWT authorizer: the link in the quote email is the credential. */
export const handler = quoteViewHandler(depsFromEnv());
