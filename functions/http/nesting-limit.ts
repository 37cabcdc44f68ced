import type { Plugin } from "@envelop/core";
import { limitError } from "./armor";

/**
 * The deepest nesting of brackets (`{`, `[`, `(`) a document may have. A 12-level query has about 13
 * selection braces and a filter a few more; values nested far deeper (`[[[[…]]]]`) are only an attack,
 * and the parser and every rule after it walk them recursively (thousands of levels exhaust the stack).
 */
export const MAX_BRACKET_DEPTH = 32;

/** The deepest bracket nesting of a GraphQL document, strings, block strings and comments skipped. */
export function bracketDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "#") {
      while (i < source.length && source[i] !== "\n" && source[i] !== "\r") i++;
    } else if (c === '"') {
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        i = end < 0 ? source.length : end + 2;
        // A block string may hold \""" (an escaped delimiter): the search above then stops early,
        // which can only make the count lower for text that is a string anyway.
      } else {
        for (i++; i < source.length && source[i] !== '"' && source[i] !== "\n"; i++) if (source[i] === "\\") i++;
      }
    } else if (c === "{" || c === "[" || c === "(") {
      deepest = Math.max(deepest, ++depth);
    } else if (c === "}" || c === "]" || c === ")") {
      depth--;
    }
  }
  return deepest;
}

/**
 * Refuses a document nested deeper than MAX_BRACKET_DEPTH before it is parsed (QUERY_TOO_DEEP with
 * `extensions.limit { max, found, of: "BRACKETS" }`), so nothing recursive ever sees it.
 */
export function nestingLimitPlugin(): Plugin {
  return {
    onParse({ params }) {
      const source = typeof params.source === "string" ? params.source : params.source.body;
      const found = bracketDepth(source);
      if (found > MAX_BRACKET_DEPTH) throw limitError("QUERY_TOO_DEEP", MAX_BRACKET_DEPTH, found, "BRACKETS");
    },
  };
}
