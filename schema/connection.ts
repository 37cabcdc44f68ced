import { cursorToOffset, resolveArrayConnection } from "@pothos/plugin-relay";
import { GraphQLError } from "graphql";
import { DEFAULT_PAGE, MAX_PAGE, type PageArgs } from "../functions/core/paging";
import { ValidationError } from "../functions/core/errors";
import { localize } from "../functions/core/text";
import type { Page } from "../functions/store";
import { decodeCursor, encodeCursor } from "../functions/store/page";
import type { Context } from "./builder";
import { asGraphqlError } from "./errors";

/**
 * The cursors a client sees name their list (`customers`, `timeline`, …; a customer's deals share
 * `opportunities`' cursors, being the same deals in the same order) beside the store's
 * position: a cursor of another list, or text the API never gave out, is refused as invalid rather
 * than read as a position in this one (a customers cursor passed to opportunities would otherwise
 * start it over, and "Zm9v" would start anywhere).
 */
const SEPARATOR = "\n";
const listCursor = (list: string, cursor: string) => encodeCursor(`${list}${SEPARATOR}${cursor}`);
/** The store's longest cursor (400) with its list's name, encoded. */
const MAX_CURSOR_LENGTH = 600;

/** The store's cursor inside a client's cursor of `list`; throws when it is not one. */
function storeCursor(list: string, cursor: string): string {
  const text = decodeCursor(cursor, MAX_CURSOR_LENGTH) ?? "";
  const at = text.indexOf(SEPARATOR);
  const inner = at < 0 ? "" : text.slice(at + SEPARATOR.length);
  if (!inner || text.slice(0, at) !== list) throw new Error("not this list's cursor");
  decodeCursor(inner);
  return inner;
}

/** A store page as a Relay connection of `list`: forward paging only, newest first. */
function toConnection<T>(list: string, page: Page<T>) {
  const cursors = page.cursors.map((c) => listCursor(list, c));
  return {
    edges: page.items.map((node, i) => ({ node, cursor: cursors[i] })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: cursors[0] ?? null,
      endCursor: page.endCursor ? listCursor(list, page.endCursor) : (cursors.at(-1) ?? null),
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
 * Checks paging arguments before any read: `first` 1..200 (default 50), a cursor this API issued
 * for this list (`after`, handed on as the store's), and forward paging only. Queries fail with a GraphQL error (code BAD_USER_INPUT), not a masked one;
 * a cursor this API did not issue is a ValidationError on `after` (code ValidationError, `fields`), the
 * shape every query gives bad input.
 */
function forwardPage(args: ConnectionArgs, ctx: Context, list: string): Required<PageArgs> & { first: number } {
  if (args.last != null || args.before != null) {
    throw badInput(localize({ zh: "仅支持向后翻页（first/after）", en: "Only forward paging (first/after) is supported" }, ctx.locale));
  }
  if (args.first != null && (args.first < 1 || args.first > MAX_PAGE)) {
    throw badInput(localize({ zh: `每页条数（first）必须在 1 到 ${MAX_PAGE} 之间`, en: `first must be from 1 to ${MAX_PAGE}` }, ctx.locale));
  }
  let after: string | null = null;
  try {
    if (args.after != null) after = storeCursor(list, args.after);
  } catch {
    throw invalidCursor(ctx);
  }
  return { first: args.first ?? DEFAULT_PAGE, after };
}

/**
 * One page of `list` as its connection: `after` checked and unwrapped for the store, the page read,
 * its cursors issued as `list`'s. The name is given once, so a list's cursors always come back to it.
 */
export async function listConnection<T>(args: ConnectionArgs, ctx: Context, list: string, read: (page: Required<PageArgs> & { first: number }) => Promise<Page<T>>) {
  return toConnection(list, await read(forwardPage(args, ctx, list)));
}

function invalidCursor(ctx: Context, path = "after") {
  const issue = {
    path: [path],
    code: "INVALID_CURSOR",
    label: { zh: `翻页游标（${path}）`, en: `the cursor (${path})` },
    text: { zh: "无效，请使用本接口返回的 endCursor", en: "is not one this API issued; pass a returned endCursor" },
  };
  return asGraphqlError(new ValidationError([issue]), ctx);
}

/** A list held whole in memory (the directory) as a connection, its cursors checked as `forwardPage` checks them. */
export function arrayConnection<T>(args: ConnectionArgs, items: T[], ctx: Context) {
  for (const [path, cursor] of [["after", args.after], ["before", args.before]] as const) {
    if (cursor == null) continue;
    try {
      if (!Number.isSafeInteger(cursorToOffset(cursor))) throw new Error("not an offset");
    } catch {
      throw invalidCursor(ctx, path);
    }
  }
  return resolveArrayConnection({ args, defaultSize: DEFAULT_PAGE, maxSize: MAX_PAGE }, items);
}
