import type { Deps } from "../actor";
import { viewHashOf } from "./send";

/**
 * Mail scanners (Safe Links, Mimecast, Proofpoint), link previews (Slack, WhatsApp, Outlook) and
 * scripts fetch every link, often within seconds of delivery: those are not the customer reading.
 */
const MACHINE_AGENTS = /bot|crawler|spider|preview|slack|whatsapp|telegram|skype|discord|facebookexternalhit|microsoft office|outlook|safelinks|mimecast|proofpoint|barracuda|python|curl|wget|java\/|go-http|node-fetch|axios|headless/i;
const MACHINE_WINDOW_MS = 30_000;
/** Openings within 10 minutes of the last one are one visit. */
const VISIT_MS = 10 * 60_000;

const isHumanView = (sentAt: string | null, now: Date, userAgent: string) =>
  !!userAgent.trim() && !MACHINE_AGENTS.test(userAgent) && (!sentAt || now.getTime() - Date.parse(sentAt) > MACHINE_WINDOW_MS);
const sameVisit = (lastViewedAt: string | null | undefined, now: Date) => !!lastViewedAt && now.getTime() - Date.parse(lastViewedAt) < VISIT_MS;

/** The download URL a view hands out lives this long; the view link itself does not expire. */
const DOWNLOAD_SECONDS = 15 * 60;

/**
 * The customer opens the link in the quote email: the opening is recorded on the send and they get a
 * short-lived URL to the archived PDF (the bytes they were sent). Null for a link unknown or replaced.
 */
export async function openQuoteView(deps: Deps, viewId: string, userAgent = ""): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(viewId)) return null;
  const send = await deps.store.quoteSends.byViewHash(viewHashOf(viewId));
  if (!send) return null;
  const now = deps.clock.now();
  if (isHumanView(send.sentAt, now, userAgent) && !sameVisit(send.lastViewedAt, now)) await deps.store.quoteSends.recordView(send, now.toISOString());
  return deps.files.downloadUrl(send.pdfKey, send.pdfFileName, DOWNLOAD_SECONDS);
}
