import { quoteFirstViewEmail, quotePageInterestEmail } from "../../mail/quote-engagement";
import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { deliver } from "../mail";
import { quoteAudience } from "./audience";
import type { VisitSession } from "./model";

/** Who to tell about a send's visit (see quoteAudience), with the quote and the send; null when the quote or send is gone. */
async function audienceOf(deps: Deps, quoteId: string, sendId: string) {
  const [[quote], send] = await Promise.all([deps.store.quotes.getMany([quoteId]), deps.store.quoteSends.get(quoteId, sendId)]);
  return quote && send ? { quote, send, people: await quoteAudience(deps, quote, send.sentBy) } : null;
}

/** The customer's first human visit through a send's link: each person hears once per send (the id makes a retry send nothing). */
export async function alertFirstView(deps: Deps, v: VisitSession): Promise<void> {
  const found = await audienceOf(deps, v.quoteId, v.sendId);
  // Nobody to tell (the quote is gone, nobody active owns the deal): marked all the same, so later beats do not ask again.
  for (const person of found?.people ?? []) {
    const { quote, send } = found!;
    await deliver(deps, {
      id: `QUOTE_FIRST_VIEW#${v.sendId}#${person.id}`,
      to: person,
      kind: "QUOTE_FIRST_VIEW",
      about: { subjectType: "QUOTE", subjectId: v.quoteId },
      render: () =>
        quoteFirstViewEmail({
          locale: person.locale,
          number: quote.number,
          revision: send.revision,
          recipients: send.to,
          at: formatLocalTime(send.firstHumanViewAt ?? v.firstBeatAt ?? v.startedAt, v.timeZone),
        }),
    });
  }
  await deps.store.quoteEngagement.markTold(v.quoteId, "firstViewTold", v.sendId);
}

/** One page read in many visits or for long through one send: each person hears once per (send, page). */
export async function alertPageInterest(deps: Deps, v: VisitSession, page: number, visits: number, seconds: number): Promise<void> {
  const found = await audienceOf(deps, v.quoteId, v.sendId);
  for (const person of found?.people ?? []) {
    const { quote, send } = found!;
    await deliver(deps, {
      id: `QUOTE_PAGE_INTEREST#${v.sendId}#${page}#${person.id}`,
      to: person,
      kind: "QUOTE_PAGE_INTEREST",
      about: { subjectType: "QUOTE", subjectId: v.quoteId },
      render: () => quotePageInterestEmail({ locale: person.locale, number: quote.number, revision: send.revision, recipients: send.to, page, visits, seconds }),
    });
  }
  await deps.store.quoteEngagement.markTold(v.quoteId, "alerted", `${v.sendId}#${page}`);
}
