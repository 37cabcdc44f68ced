import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Deps } from "../core/actor";
import { type Locale, localize } from "../core/text";
import { isLimitCode, limitText } from "./armor";

/** graphql-js names near misses in coercion errors ("Value "AA" does not exist in "Tier" enum. Did you mean the enum value "A"?"). */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Refusals made before the viewer is known (armor's limits, while parsing and validating) are put
 * in the reader's language on the way out: the signed-in user's own language when the request names
 * one (the same choice every other message follows), else the first `Accept-Language` preference,
 * else Chinese. The user is read only when such a refusal is sent. Suggestions of names are removed
 * from every message, as armor does for validation (its masking misses enum and variable coercion).
 */
export function localizeErrorsPlugin(deps: Deps): Plugin<{ userId?: string }> {
  return {
    async onResultProcess({ result, setResult, request, serverContext }) {
      if (Array.isArray(result) || !("errors" in result) || !result.errors?.length) return;
      const errors = result.errors as readonly GraphQLError[];
      const limited = errors.some((e) => isLimitCode(e.extensions?.code));
      const locale = limited ? await readerLocale(deps, (serverContext as { userId?: string }).userId, request.headers.get("accept-language")) : "zh-CN";
      setResult({
        ...result,
        errors: errors.map((e) => {
          const code = e.extensions?.code;
          const message = isLimitCode(code)
            ? localize(limitText(code, e.extensions.limit as { max: number; found?: number }), locale)
            : e.message.replace(SUGGESTION, "");
          if (message === e.message) return e;
          const { nodes, source, positions, path, originalError, extensions } = e;
          return new GraphQLError(message, { nodes, source, positions, path, originalError, extensions });
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
