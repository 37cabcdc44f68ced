import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import { GraphQLError } from "graphql";
import type { Text } from "../core/text";

/**
 * The shape of a request, bounded before any resolver runs. Cost is graphql-armor's: each scalar 1,
 * each object 2 plus its selections, a list multiplied by its `first` (no extra factor per level, so
 * the cost is about the number of values returned). A manager's screen of 50 customers with 5 deals
 * and 3 timeline entries each costs about 7,000; 200 customers × 200 deals × their quotes, millions.
 */
export const LIMITS = { depth: 12, aliases: 15, directives: 20, tokens: 4000, cost: 50_000 } as const;
export const COST = { objectCost: 2, scalarCost: 1, depthCostFactor: 1 } as const;

export type LimitCode = "QUERY_TOO_DEEP" | "QUERY_TOO_COSTLY" | "TOO_MANY_ALIASES" | "TOO_MANY_DIRECTIVES" | "TOO_MANY_TOKENS";

/** What a limit counts when it is not the code's usual unit: brackets for values nested in a document. */
export type LimitUnit = "BRACKETS";

const TEXTS: Record<LimitCode, (max: number, found?: number, of?: LimitUnit) => Text> = {
  QUERY_TOO_DEEP: (max, found, of) => of === "BRACKETS" ? {
    zh: `查询嵌套过深：括号最多 ${max} 层${found ? `（本次 ${found} 层）` : ""}。`,
    en: `The query is nested too deeply: at most ${max} nested brackets${found ? ` (this one has ${found})` : ""}.`,
  } : ({
    zh: `查询嵌套过深：最多 ${max} 层${found ? `（本次 ${found} 层）` : ""}。`,
    en: `The query is nested too deeply: at most ${max} levels${found ? ` (this one has ${found})` : ""}.`,
  }),
  QUERY_TOO_COSTLY: (max, found) => ({
    zh: `查询开销过大：上限 ${max}${found ? `（本次 ${Math.ceil(found)}）` : ""}，请减少每页条数或嵌套列表。`,
    en: `The query would cost too much: at most ${max}${found ? ` (this one ${Math.ceil(found)})` : ""}; ask for smaller pages or fewer nested lists.`,
  }),
  TOO_MANY_ALIASES: (max, found) => ({
    zh: `别名过多：最多 ${max} 个${found ? `（本次 ${found} 个）` : ""}。`,
    en: `Too many aliases: at most ${max}${found ? ` (this one has ${found})` : ""}.`,
  }),
  TOO_MANY_DIRECTIVES: (max, found) => ({
    zh: `指令过多：最多 ${max} 个${found ? `（本次 ${found} 个）` : ""}。`,
    en: `Too many directives: at most ${max}${found ? ` (this one has ${found})` : ""}.`,
  }),
  TOO_MANY_TOKENS: (max) => ({
    zh: `查询过长：最多 ${max} 个词法单元。`,
    en: `The query is too long: at most ${max} tokens.`,
  }),
};

export const isLimitCode = (code: unknown): code is LimitCode => typeof code === "string" && code in TEXTS;

/** What to tell the reader about a refused request, from the error's `extensions`. */
export function limitText(code: LimitCode, limit: { max: number; found?: number; of?: LimitUnit }): Text {
  return TEXTS[code](limit.max, limit.found, limit.of);
}

/** Chinese until the response is localized (see localize-errors.ts): the reader is not known while parsing. */
export function limitError(code: LimitCode, max: number, found?: number, of?: LimitUnit): GraphQLError {
  const limit = { max, ...(found !== undefined ? { found } : {}), ...(of ? { of } : {}) };
  return new GraphQLError(limitText(code, limit).zh, { extensions: { code, limit } });
}

/** The figure armor found ("…, found 15."), kept so the message can say it. */
const foundIn = (err: GraphQLError) => {
  const m = /found ([\d.]+)/.exec(err.message);
  return m ? Number(m[1]) : undefined;
};

/** Validation-time limits report our typed error instead of armor's "Syntax Error: …". */
const reportAs = (code: LimitCode, max: number): { onReject: GraphQLArmorRejectCallback[]; propagateOnRejection: false } => ({
  onReject: [(ctx, err) => ctx?.reportError(limitError(code, max, foundIn(err)))],
  propagateOnRejection: false,
});

export function armorPlugin() {
  return EnvelopArmorPlugin({
    // Depth is counted in fields: a named or inline fragment adds no level, so a screen split into
    // per-component fragments (Relay/Apollo style) is measured as its inlined equivalent.
    maxDepth: { n: LIMITS.depth, flattenFragments: true, ...reportAs("QUERY_TOO_DEEP", LIMITS.depth) },
    maxAliases: { n: LIMITS.aliases, ...reportAs("TOO_MANY_ALIASES", LIMITS.aliases) },
    maxDirectives: { n: LIMITS.directives, ...reportAs("TOO_MANY_DIRECTIVES", LIMITS.directives) },
    costLimit: { maxCost: LIMITS.cost, ...COST, ...reportAs("QUERY_TOO_COSTLY", LIMITS.cost) },
    // Counted by the parser, which has no validation context to report to: throwing our error instead
    // of armor's stops the parse the same way.
    maxTokens: {
      n: LIMITS.tokens,
      onReject: [
        () => {
          throw limitError("TOO_MANY_TOKENS", LIMITS.tokens);
        },
      ],
    },
    // No "[Suggestion hidden]" left in the message where armor removed a "Did you mean …?".
    blockFieldSuggestion: { enabled: true, mask: "" },
  });
}
