import type { Deps } from "../actor";
import { viewHashOf } from "./send";

/** The download URL a view hands out lives this long; the view link itself does not expire. */
const DOWNLOAD_SECONDS = 15 * 60;

/**
 * The customer opens the link in the quote email: the opening is recorded on the send and they get a
 * short-lived URL to the archived PDF (the bytes they were sent). Null for a link unknown or replaced.
 */
export async function openQuoteView(deps: Deps, viewId: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(viewId)) return null;
  const send = await deps.store.quoteSends.byViewHash(viewHashOf(viewId));
  if (!send) return null;
  await deps.store.quoteSends.recordView(send, deps.clock.now().toISOString());
  return deps.files.downloadUrl(send.pdfKey, send.pdfFileName, DOWNLOAD_SECONDS);
}
