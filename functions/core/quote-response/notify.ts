import { quoteResponseEmail } from "../../mail/quote-response";
import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { deliver } from "../mail";
import type { Quote } from "../quote/model";
import { quoteAudience } from "../quote-tracking/audience";
import type { QuoteAcceptance, QuoteChangeRequest } from "./model";

type Answer = { kind: "ACCEPTED"; acceptance: QuoteAcceptance } | { kind: "CHANGES"; request: QuoteChangeRequest };

/**
 * Emails the customer's answer to the deal's owner now, and to whoever sent the email the customer
 * answered through when that is someone else (see quoteAudience), once per person and acceptance or
 * change request (`deliver` sends once per id), so a retried POST, or one after a crash between the
 * write and the email, tells each exactly once.
 */
export async function tellOwner(deps: Deps, quote: Quote, answer: Answer): Promise<void> {
  const sendId = answer.kind === "ACCEPTED" ? answer.acceptance.sendId : answer.request.sendId;
  const [[customer], org, send] = await Promise.all([deps.store.customers.getMany([quote.customerId]), deps.store.organizations.get(quote.orgId), deps.store.quoteSends.get(quote.id, sendId)]);
  const revision = answer.kind === "ACCEPTED" ? answer.acceptance.revision : answer.request.revision;
  const frozen = await deps.store.quotes.getRevision(quote.id, revision);
  const at = answer.kind === "ACCEPTED" ? answer.acceptance.acceptedAt : answer.request.requestedAt;
  const id = answer.kind === "ACCEPTED" ? `QUOTE_ACCEPTED#${quote.id}#${revision}` : `QUOTE_CHANGES#${quote.id}#${answer.request.id}`;
  for (const person of await quoteAudience(deps, quote, send?.sentBy ?? null)) {
    await deliver(deps, {
      id: `${id}#${person.id}`,
      to: person,
      kind: answer.kind === "ACCEPTED" ? "QUOTE_ACCEPTED" : "QUOTE_CHANGES_REQUESTED",
      about: { subjectType: "QUOTE", subjectId: quote.id },
      render: () =>
        quoteResponseEmail({
          locale: person.locale,
          kind: answer.kind,
          number: quote.number,
          revision,
          customerName: customer?.name ?? "-",
          totalFen: (frozen?.totals ?? quote.totals).totalFen,
          currency: quote.currency,
          atLocal: formatLocalTime(at, org.timeZone),
          // A change request names nobody: the addresses the quote went to say who asked.
          name: answer.kind === "ACCEPTED" ? answer.acceptance.name : (send?.to.join(", ") ?? null),
          title: answer.kind === "ACCEPTED" ? answer.acceptance.title : null,
          comment: answer.kind === "ACCEPTED" ? answer.acceptance.comment : answer.request.comment,
          ip: answer.kind === "ACCEPTED" ? answer.acceptance.ip : answer.request.ip,
        }),
    });
  }
}
