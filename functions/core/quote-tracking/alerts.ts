import { quoteFirstViewEmail, quotePageInterestEmail } from "../../mail/quote-engagement";
import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { deliver } from "../mail";
import type { VisitSession } from "./model";

async function ownerAndQuote(deps: Deps, quoteId: string, sendId: string) {
  const [[quote], send] = await Promise.all([deps.store.quotes.getMany([quoteId]), deps.store.quoteSends.get(quoteId, sendId)]);
  const [owner] = quote ? await deps.store.users.getMany([quote.ownerId]) : [null];
  return quote && owner && send ? { quote, owner, send } : null;
}

/** The customer's first human visit through a send's link: the owner hears once per send (the id makes a retry send nothing). */
export async function alertFirstView(deps: Deps, v: VisitSession): Promise<void> {
  const found = await ownerAndQuote(deps, v.quoteId, v.sendId);
  // Nobody to tell (the quote or its owner is gone): marked all the same, so later beats do not ask again.
  if (found) {
    const { quote, owner, send } = found;
    await deliver(deps, {
      id: `QUOTE_FIRST_VIEW#${v.sendId}`,
      to: owner,
      kind: "QUOTE_FIRST_VIEW",
      about: { subjectType: "QUOTE", subjectId: v.quoteId },
      render: () =>
        quoteFirstViewEmail({ locale: owner.locale, number: quote.number, revision: send.revision, recipients: send.to, at: formatLocalTime(send.firstHumanViewAt ?? v.startedAt, v.timeZone) }),
    });
  }
  await deps.store.quoteEngagement.markTold(v.quoteId, "firstViewTold", v.sendId);
}

/** One page read in many visits or for long through one send: the owner hears once per (send, page). */
export async function alertPageInterest(deps: Deps, v: VisitSession, page: number, visits: number, seconds: number): Promise<void> {
  const found = await ownerAndQuote(deps, v.quoteId, v.sendId);
  if (found) {
    const { quote, owner, send } = found;
    await deliver(deps, {
      id: `QUOTE_PAGE_INTEREST#${v.sendId}#${page}`,
      to: owner,
      kind: "QUOTE_PAGE_INTEREST",
      about: { subjectType: "QUOTE", subjectId: v.quoteId },
      render: () => quotePageInterestEmail({ locale: owner.locale, number: quote.number, revision: send.revision, recipients: send.to, page, visits, seconds }),
    });
  }
  await deps.store.quoteEngagement.markTold(v.quoteId, "alerted", `${v.sendId}#${page}`);
}
