import { createActor, type Deps } from "../core/actor";
import type { ManualClock } from "../core/clock";
import { sendQuote } from "../core/quote-delivery";
import { acceptQuote } from "../core/quote-response";
import { recordHeartbeat, recordOpening, type ViewRequest } from "../core/quote-tracking";
import type { User } from "../core/user";

const MINUTE = 60_000;
const DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** The view link of the newest email to `to` in the SES emulator (the table holds only its hash). */
async function viewLinkSentTo(mailUrl: string, to: string): Promise<string> {
  const store = (await (await fetch(`${mailUrl}/store`)).json()) as { emails: { destination: { to: string[] }; body: { text?: string } }[] };
  const email = store.emails.filter((e) => e.destination.to.includes(to)).at(-1);
  const viewId = /\/q\/([A-Za-z0-9_-]{43})/.exec(email?.body.text ?? "")?.[1];
  if (!viewId) throw new Error(`The quote email to ${to} is not in the mail viewer at ${mailUrl}`);
  return viewId;
}

/** A visit of `minutes` through the link: an opening, then a heartbeat every 15 s on the pages read in turn. */
async function readFor(deps: Deps & { clock: ManualClock }, viewId: string, request: ViewRequest, minutes: number, pages: (pageCount: number) => number[]): Promise<void> {
  const opening = await recordOpening(deps, viewId, request);
  if (!opening) throw new Error("The demo quote's link opens nothing");
  const pageCount = opening.pageCount ?? 1;
  const order = pages(pageCount);
  const beats = minutes * 4;
  for (let i = 1; i <= beats; i++) {
    deps.clock.advance(15_000);
    const page = order[Math.min(order.length - 1, Math.floor((i / beats) * order.length))];
    await recordHeartbeat(deps, viewId, { ...request, method: "POST" }, { visitToken: opening.visitToken, page, pageCount, final: i === beats });
  }
}

/**
 * The demo's quote approved at once, as a customer lives it: the rep emails it, the buyer reads it
 * at the office and again on the phone the next day, then accepts it online. Its engagement, views,
 * acceptance and the owner's emails are then there to see, and the acceptance rate has a quote.
 */
export async function deliverDemoQuote(deps: Deps & { clock: ManualClock }, rep: User, quoteId: string, buyer: { name: string; title: string; email: string }, mailUrl: string): Promise<void> {
  const approvedAt = deps.clock.now().getTime();
  deps.clock.set(new Date(approvedAt + 20 * MINUTE));
  const send = await sendQuote(createActor(rep, deps), {
    quoteId,
    to: [buyer.email],
    message: `${buyer.name}您好：附件为贵司阀门更换项目的正式报价，请查阅。如有疑问请随时联系。`,
    idempotencyKey: `demo-send-${quoteId}`,
  });
  const viewId = await viewLinkSentTo(mailUrl, buyer.email);
  const office: ViewRequest = { method: "GET", ip: "58.246.10.20", userAgent: DESKTOP };
  deps.clock.set(new Date(approvedAt + 3 * 60 * MINUTE));
  await readFor(deps, viewId, office, 4, (n) => Array.from({ length: n }, (_, i) => i + 1));
  deps.clock.set(new Date(approvedAt + 26 * 60 * MINUTE));
  await readFor(deps, viewId, { method: "GET", ip: "112.10.33.7", userAgent: PHONE }, 2, (n) => [n]);
  deps.clock.set(new Date(approvedAt + 27 * 60 * MINUTE));
  const sent = await deps.store.quoteSends.get(send.quoteId, send.id);
  if (sent) await acceptQuote(deps, sent, { name: buyer.name, title: buyer.title, comment: "价格与交期已确认，请尽快安排合同。" }, { ip: office.ip, userAgent: DESKTOP });
}
