import { quoteResponseEmail } from "../../mail/quote-response";
import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { deliver } from "../mail";
import type { Quote } from "../quote/model";
import type { QuoteAcceptance, QuoteChangeRequest } from "./model";

type Answer = { kind: "ACCEPTED"; acceptance: QuoteAcceptance } | { kind: "CHANGES"; request: QuoteChangeRequest };

/**
 * Emails the quote's owner the customer's answer, once per acceptance or change request (`deliver`
 * sends once per id), so a retried POST, or one after a crash between the write and the email, tells
 * them exactly once.
 */
export async function tellOwner(deps: Deps, quote: Quote, answer: Answer): Promise<void> {
  const [[owner], [customer], org] = await Promise.all([deps.store.users.getMany([quote.ownerId]), deps.store.customers.getMany([quote.customerId]), deps.store.organizations.get(quote.orgId)]);
  if (!owner) return;
  const revision = answer.kind === "ACCEPTED" ? answer.acceptance.revision : answer.request.revision;
  const frozen = await deps.store.quotes.getRevision(quote.id, revision);
  const at = answer.kind === "ACCEPTED" ? answer.acceptance.acceptedAt : answer.request.requestedAt;
  // A change request names nobody: the addresses the quote went to say who asked.
  const send = answer.kind === "CHANGES" ? await deps.store.quoteSends.get(quote.id, answer.request.sendId) : null;
  await deliver(deps, {
    id: answer.kind === "ACCEPTED" ? `QUOTE_ACCEPTED#${quote.id}#${revision}` : `QUOTE_CHANGES#${quote.id}#${answer.request.id}`,
    to: owner,
    kind: answer.kind === "ACCEPTED" ? "QUOTE_ACCEPTED" : "QUOTE_CHANGES_REQUESTED",
    about: { subjectType: "QUOTE", subjectId: quote.id },
    render: () =>
      quoteResponseEmail({
        locale: owner.locale,
        kind: answer.kind,
        number: quote.number,
        revision,
        customerName: customer?.name ?? "-",
        totalFen: (frozen?.totals ?? quote.totals).totalFen,
        currency: quote.currency,
        atLocal: formatLocalTime(at, org.timeZone),
        name: answer.kind === "ACCEPTED" ? answer.acceptance.name : (send?.to.join(", ") ?? null),
        title: answer.kind === "ACCEPTED" ? answer.acceptance.title : null,
        comment: answer.kind === "ACCEPTED" ? answer.acceptance.comment : answer.request.comment,
        ip: answer.kind === "ACCEPTED" ? answer.acceptance.ip : answer.request.ip,
      }),
  });
}
