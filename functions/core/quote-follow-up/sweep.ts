import { quoteFollowUpEmail } from "../../mail/quote-follow-up";
import { FOLLOW_UP_SHARDS } from "../../store/quote-send-index";
import { subjectPk } from "../../store/activities";
import type { Deps } from "../actor";
import { formatLocalTime } from "../format";
import { deliver, EmailRetryLaterError } from "../mail";
import { type Organization, quoteFollowUpHoursOf } from "../organization";
import { isOpen } from "../pipeline/stages";
import type { QuoteSend } from "../quote-delivery/model";
import type { User } from "../user/model";

const BATCH = 100;
const MAX_BATCHES_PER_SHARD = 50;
const HOUR = 3_600_000;

/**
 * Reminds the owner of a sent quote, and their sales assistant when they have one, when the
 * customer has neither accepted it nor asked for changes and the rep has logged nothing on the
 * customer or the deal since it went out, for the organization's hours (72 by default). Reads only
 * the due entries of the follow-up index; every entry leaves it once judged (reminded, answered,
 * or moot), and `deliver` sends each email once per send however many sweeps run at once.
 * Returns the sends reminded.
 */
export async function remindUnansweredQuotes(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  let reminded = 0;
  for (const orgId of await deps.store.pipelineTotals.organizations()) {
    const org = await deps.store.organizations.get(orgId);
    const hours = quoteFollowUpHoursOf(org);
    if (!hours) continue;
    const before = new Date(now.getTime() - hours * HOUR).toISOString();
    for (let shard = 0; shard < FOLLOW_UP_SHARDS; shard++) {
      const seen = new Set<string>();
      for (let batch = 0; batch < MAX_BATCHES_PER_SHARD; batch++) {
        const due = (await deps.store.quoteSendIndex.dueForFollowUp(shard, { orgId, before }, BATCH + seen.size)).filter((d) => !seen.has(d.id));
        if (!due.length) break;
        for (const d of due) {
          seen.add(d.id);
          const send = await deps.store.quoteSends.get(d.quoteId, d.id);
          try {
            if (send && (await remindIfUnanswered(deps, org, send, hours))) reminded++;
            else await deps.store.quoteSendIndex.leaveFollowUp(d, null).catch(() => {});
          } catch (error) {
            // SES refused the reminder (it waits for its next attempt): the entry stays due for a later
            // sweep, and the other quotes, and the rest of the sweep, go on.
            if (!(error instanceof EmailRetryLaterError)) console.error(`quote follow-up ${d.id} failed:`, error instanceof Error ? error.message : error);
          }
        }
      }
    }
  }
  return reminded;
}

/** True when the reminder went out (now, or by a sweep running alongside); false when none is due any more. */
async function remindIfUnanswered(deps: Deps, org: Organization, send: QuoteSend, hours: number): Promise<boolean> {
  const sentAt = send.deliveredToSesAt;
  if (!sentAt || (send.status !== "SENT" && send.status !== "DELIVERED") || send.respondedAt) return false;
  const [quote] = await deps.store.quotes.getMany([send.quoteId]);
  // Accepted, withdrawn, expired or revised since: the customer or the rep has moved it on.
  if (!quote || quote.status !== "APPROVED" || quote.revision !== send.revision) return false;
  const [[deal], [customer], sends] = await Promise.all([
    deps.store.opportunities.getMany([quote.opportunityId]),
    deps.store.customers.getMany([quote.customerId]),
    deps.store.quoteSends.forQuote(quote.id),
  ]);
  if (!deal || !customer || !isOpen(deal.stage)) return false;
  // An answer through a later send of the same quote answers this one too.
  if (sends.some((s) => s.respondedAt && s.respondedAt >= sentAt)) return false;
  // The rep followed up: a visit, call or message logged on the customer, or the deal worked on.
  if (customer.lastFollowUpAt && customer.lastFollowUpAt > sentAt) return false;
  if (await deps.store.quoteSendIndex.personActedSince(subjectPk("OPPORTUNITY", deal.id), sentAt)) return false;

  const [owner] = await deps.store.users.getMany([deal.ownerId]);
  const [assistant] = owner?.salesAssistantId ? await deps.store.users.getMany([owner.salesAssistantId]) : [null];
  const recipients: { user: User; id: string; ownerName: string | null }[] = [];
  if (owner?.active) recipients.push({ user: owner, id: `QUOTE_FOLLOW_UP#${send.id}`, ownerName: null });
  if (owner && assistant?.active && assistant.orgId === owner.orgId) recipients.push({ user: assistant, id: `QUOTE_FOLLOW_UP#${send.id}#ASSISTANT`, ownerName: owner.name });
  if (!recipients.length) return false;
  const local = (at: string) => formatLocalTime(at, org.timeZone);
  for (const r of recipients) {
    await deliver(deps, {
      id: r.id,
      to: r.user,
      kind: "QUOTE_FOLLOW_UP",
      about: { subjectType: "QUOTE", subjectId: quote.id },
      render: () =>
        quoteFollowUpEmail({
          locale: r.user.locale,
          recipientName: r.user.name,
          ownerName: r.ownerName,
          number: quote.number,
          revision: send.revision,
          customerName: customer.name,
          to: send.to,
          sentAt: local(sentAt),
          firstViewedAt: send.firstHumanViewAt ? local(send.firstHumanViewAt) : null,
          hours,
        }),
    });
  }
  await deps.store.quoteSendIndex.leaveFollowUp(send, deps.clock.now().toISOString());
  return true;
}
