import { DomainError } from "../errors";
import type { QuoteChangeRequest } from "./model";

/**
 * Change requests one link takes in a day: plenty for a customer with something to say, and a bound
 * on what anyone holding a forwarded link can pour into the rep's mailbox and the quote's timeline
 * (each request is kept and emailed to the owner).
 */
export const CHANGE_REQUESTS_PER_DAY = 5;
const DAY = 24 * 3_600_000;

/** Of the quote's requests, those through this send within the 24 hours before `now` (server clock). */
export const recentThroughSend = (requests: QuoteChangeRequest[], sendId: string, now: Date) =>
  requests.filter((r) => r.sendId === sendId && Date.parse(r.requestedAt) > now.getTime() - DAY);

/** The link reached the day's limit; the rep is the one to talk to now. */
export class TooManyChangeRequestsError extends DomainError {
  constructor(readonly rep: { name: string; phone: string | null; email: string } | null) {
    const contact = rep ? [rep.name, rep.phone, rep.email].filter(Boolean).join("，") : null;
    super({
      zh: `此链接24小时内已提交${CHANGE_REQUESTS_PER_DAY}条修改意见，我们的销售代表会逐条答复。如需补充，请直接联系销售代表${contact ? `（${contact}）` : ""}。`,
      en: `${CHANGE_REQUESTS_PER_DAY} change requests have been sent through this link in the last 24 hours; our sales representative will answer each. To add more, please contact them directly${contact ? ` (${contact})` : ""}.`,
    });
    this.name = "TooManyChangeRequestsError";
  }
}
