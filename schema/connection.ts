import { GraphQLError } from "graphql";
import { DEFAULT_PAGE, MAX_PAGE, type PageArgs } from "../functions/core/paging";
import { localize } from "../functions/core/text";
import type { Page } from "../functions/store";
import { decodeCursor } from "../functions/store/page";
import type { Context } from "./builder";

/** A store page as a Relay connection: forward paging only, newest first. */
export function toConnection<T>(page: Page<T>) {
  return {
    edges: page.items.map((node, i) => ({ node, cursor: page.cursors[i] })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.endCursor ?? page.cursors.at(-1) ?? null,
    },
  };
}

interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });

/**
 * Checks paging arguments before any read: `first` 1..200 (default 50), a cursor this API issued,
 * and forward paging only. Queries fail with a GraphQL error (code BAD_USER_INPUT), not a masked one.
 */
export function forwardPage(args: ConnectionArgs, ctx: Context): Required<PageArgs> & { first: number } {
  if (args.last != null || args.before != null) {
    throw badInput(localize({ zh: "仅支持 first/after 向后翻页", en: "Only forward paging (first/after) is supported" }, ctx.locale));
  }
  if (args.first != null && (args.first < 1 || args.first > MAX_PAGE)) {
    throw badInput(localize({ zh: `first 必须在 1 到 ${MAX_PAGE} 之间`, en: `first must be from 1 to ${MAX_PAGE}` }, ctx.locale));
  }
  try {
    decodeCursor(args.after);
  } catch {
    throw badInput(localize({ zh: "after 游标无效", en: "after is not a valid cursor" }, ctx.locale));
  }
  return { first: args.first ?? DEFAULT_PAGE, after: args.after ?? null };
}
