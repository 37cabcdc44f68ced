import { GraphQLError } from "graphql";
import { createYoga, type GraphiQLOptions } from "graphql-yoga";
import { schema } from "../../schema";
import type { Context } from "../../schema/builder";
import { createActor, type Deps } from "../core/actor";
import { DomainError } from "../core/errors";
import { authenticate } from "../core/user";
import { noteStaffIp } from "../core/quote-tracking/staff-ips";
import { armorPlugin } from "./armor";
import { localizeErrorsPlugin } from "./localize-errors";
import { nestingLimitPlugin } from "./nesting-limit";
import { requestLimitsPlugin } from "./request-limits";

/** What the HTTP edge (API Gateway's JWT authorizer, or the local server) vouches for. */
export interface ServerContext {
  userId?: string;
  /** The client's address (HTTP API `sourceIp`): views of quote links from it are internal for a day. */
  sourceIp?: string;
}

export interface GraphqlOptions {
  /** GraphiQL in the browser, with headers to start from (local only). */
  graphiql?: { headers?: string } | false;
  /** The page itself, from an installed package (no CDN): passed in by the local server only, so the 9 MB page stays out of the Lambda bundle. */
  renderGraphiQL?: (opts?: GraphiQLOptions) => string;
}

/**
 * The GraphQL endpoint: the printed schema, limits checked before any resolver runs, unexpected
 * errors masked, and every request tied to an active user of the system.
 */
export function createGraphqlServer(deps: Deps, opts: GraphqlOptions = {}) {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    landingPage: false,
    graphiql: opts.graphiql ? { title: "Sales API", ...opts.graphiql } : false,
    ...(opts.renderGraphiQL ? { renderGraphiQL: opts.renderGraphiQL } : {}),
    maskedErrors: true,
    plugins: [
      nestingLimitPlugin(),
      armorPlugin(),
      requestLimitsPlugin(),
      localizeErrorsPlugin(deps),
    ],
    context: async ({ userId, sourceIp }) => {
      if (!userId) throw new GraphQLError("Unauthorized", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
      try {
        const { viewer, org } = await authenticate(deps, userId);
        await noteStaffIp(deps, viewer.orgId, sourceIp);
        return { actor: createActor(viewer, deps, org), locale: viewer.locale };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // In both languages ("中文 / English"): localize-errors.ts gives the reader theirs.
        throw new GraphQLError(`${error.text.zh}。 / ${error.text.en}.`, { extensions: { code: "FORBIDDEN", http: { status: 403 } } });
      }
    },
  });
}

export type GraphqlServer = ReturnType<typeof createGraphqlServer>;
