import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Deps } from "../core/actor";
import { type Locale, localize } from "../core/text";
import { isLimitCode, limitText } from "./armor";
import { graphqlJsText } from "./graphql-js-texts";

/** graphql-js names near misses in coercion errors ("Value "AA" does not exist in "Tier" enum. Did you mean the enum value "A"?"). */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Refusals made before the viewer is known (armor's limits, parsing, validation, variable coercion)
 * are put in the reader's language on the way out: the signed-in user's own language when the request
 * names one (the same choice every other message follows), else the first `Accept-Language`
 * preference, else Chinese. The user is read only when such a refusal is sent. Each gets an
 * `extensions.code` (graphql-yoga's names: a variable's value BAD_USER_INPUT, anything else about the
 * document GRAPHQL_VALIDATION_FAILED) and, for a variable, HTTP 200 like every other refusal rather than
 * graphql-yoga's 400 (which clients report as a network failure). Suggestions of names are removed
 * from every message, as armor does for validation (its masking misses enum and variable coercion).
 */
export function localizeErrorsPlugin(deps: Deps): Plugin<{ userId?: string }> {
  return {
    async onResultProcess({ result, setResult, request, serverContext }) {
      if (Array.isArray(result) || !("errors" in result) || !result.errors?.length) return;
      const errors = result.errors as readonly GraphQLError[];
      // Only errors of the request itself (no path) that we word: resolvers' and the page-size checks'
      // are in the reader's language already, and need no read of the user.
      const toWord = errors.some((e) => isLimitCode(e.extensions?.code) || (!e.path && (!e.extensions?.code || graphqlJsText(e.message))));
      const locale = toWord ? await readerLocale(deps, (serverContext as { userId?: string }).userId, request.headers.get("accept-language")) : "zh-CN";
      setResult({
        ...result,
        errors: errors.map((e) => {
          const code = e.extensions?.code;
          if (isLimitCode(code)) return rewritten(e, localize(limitText(code, e.extensions.limit as Parameters<typeof limitText>[1]), locale), e.extensions);
          const message = e.message.replace(SUGGESTION, "");
          if (e.path || code === "INTERNAL_SERVER_ERROR") return message === e.message ? e : rewritten(e, message, e.extensions);
          const known = graphqlJsText(message, e.locations?.[0]);
          const variable = known?.variable || /^Variable "\$/.test(message);
          const extensions = {
            ...e.extensions,
            code: code ?? (variable ? "BAD_USER_INPUT" : "GRAPHQL_VALIDATION_FAILED"),
            ...(variable ? { http: { status: 200 } } : {}),
          };
          return rewritten(e, known ? localize(known.text, locale) : message, extensions);
        }),
      });
    },
  };
}

async function readerLocale(deps: Deps, userId: string | undefined, acceptLanguage: string | null): Promise<Locale> {
  const user = userId ? (await deps.store.users.getMany([userId]))[0] : null;
  if (user?.locale) return user.locale;
  const first = acceptLanguage?.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh-CN";
}

function rewritten(e: GraphQLError, message: string, extensions: GraphQLError["extensions"]): GraphQLError {
  const { nodes, source, positions, path, originalError } = e;
  return new GraphQLError(message, { nodes, source, positions, path, originalError, extensions });
}
