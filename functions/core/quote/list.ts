import type { Page } from "../../store";
import { decodeCursor, encodeCursor } from "../../store/page";
import type { Actor } from "../actor";
import { myApprovals } from "../approval/read";
import type { PageArgs } from "../paging";
import { type DealListFilter, dealListQuery, EMPTY_PAGE, onlyVisible } from "./list-scope";
import type { Quote, QuoteStatus } from "./model";
import { quoteInView } from "./nested";

export interface QuoteListFilter {
  status?: QuoteStatus | null;
  ownerId?: string | null;
  customerId?: string | null;
  /** Only quotes whose current approval step waits on the viewer. */
  pendingMyApproval?: boolean | null;
  /** The current revision submitted on these local days (inclusive). */
  submittedFrom?: string | null;
  submittedTo?: string | null;
}

const SUBMITTED = {
  from: "submittedFrom",
  to: "submittedTo",
  fromLabel: { zh: "提交起始日期", en: "submitted from" },
  toLabel: { zh: "提交截止日期", en: "submitted to" },
};

/**
 * The quotes the viewer may see, newest created first, from the quote list index: one Query per
 * owner in view (one for org-wide roles, one for a customer), whatever the size of the organization.
 */
export async function listQuotes(actor: Actor, filter: QuoteListFilter, args: PageArgs): Promise<Page<Quote>> {
  const common: DealListFilter = { status: filter.status, ownerId: filter.ownerId, customerId: filter.customerId, from: filter.submittedFrom, to: filter.submittedTo };
  const scoped = await dealListQuery(actor, common, args, SUBMITTED);
  if (!scoped) return EMPTY_PAGE;
  const { query, fromInstant, toInstant } = scoped;
  if (filter.pendingMyApproval) return pendingOnViewer(actor, query.first, args.after ?? null, (q) =>
    (!query.status || q.status === query.status) &&
    (!filter.ownerId || q.ownerId === filter.ownerId) &&
    (!query.customerId || q.customerId === query.customerId) &&
    (!fromInstant || (!!q.submittedAt && q.submittedAt >= fromInstant)) &&
    (!toInstant || (!!q.submittedAt && q.submittedAt <= toInstant)),
  );
  const page = await actor.deps.store.dealLists.quotes({ ...query, dateFrom: fromInstant, dateTo: toInstant });
  page.items.forEach((q) => actor.quotes.prime(q.id, q));
  return onlyVisible(actor, page);
}

/**
 * Quotes whose open approval step waits on the viewer: from their approvals inbox (one Query, then
 * the requests and steps in BatchGetItem calls), so however many quotes the organization holds.
 */
async function pendingOnViewer(actor: Actor, first: number, after: string | null, keep: (q: Quote) => boolean): Promise<Page<Quote>> {
  const open = (await myApprovals(actor)).filter((a) => a.request.subjectType === "QUOTE");
  const quotes = await Promise.all([...new Set(open.map((a) => a.request.subjectId))].map((id) => quoteInView(actor, id)));
  const sortKey = (q: Quote) => `${q.createdAt}#${q.id}`;
  const from = decodeCursor(after);
  const all = quotes
    .filter((q): q is Quote => !!q && q.status === "PENDING_APPROVAL" && keep(q))
    .sort((a, b) => sortKey(b).localeCompare(sortKey(a)))
    .filter((q) => from === undefined || sortKey(q) < from);
  const items = all.slice(0, first);
  const cursors = items.map((q) => encodeCursor(sortKey(q)));
  const more = all.length > first;
  return { items, cursors, hasNextPage: more, endCursor: more ? (cursors.at(-1) ?? null) : null };
}
