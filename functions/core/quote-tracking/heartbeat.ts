import type { Deps } from "../actor";
import { newId } from "../ids";
import { viewHashOf } from "../quote-delivery/send";
import { type EngagementDelta, type EngagementItem, engagementKeys } from "../../store/quote-engagement";
import { alertFirstView, alertPageInterest } from "./alerts";
import { localHourOf } from "./classify";
import { CREDIT_CAP_MS, VISIT_GAP_MS, type VisitSession } from "./model";
import { VIEW_ID, type ViewRequest } from "./opening";

export interface Heartbeat {
  visitToken: string;
  /** 1-based page the reader has in view, as the page reports it. */
  page: number;
  pageCount: number;
  /** The tab went hidden or is closing: this beat ends the stretch of attention. */
  final?: boolean;
}

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** What a beat changed, for the engagement figures. */
interface Change {
  creditMs: number;
  newPage: boolean;
  /** A visit began with this beat (the tab came back after 10 minutes). */
  started: boolean;
  /** The visit became human with this beat (it was a reader's page fetch with no script activity yet). */
  confirmed: boolean;
}

/**
 * POST /q/{link}/events from the page's script while its tab is visible: credits the server time since
 * the visit's previous beat (at most 30 s; nothing after a final beat, when the tab was hidden) to the
 * page in view. The first beat from a visible tab makes a reader's visit human. False when the link or
 * token is unknown, the token is another link's, or the page is not one of the PDF's (nothing recorded).
 */
export async function recordHeartbeat(deps: Deps, viewId: string, _req: ViewRequest, beat: Heartbeat): Promise<boolean> {
  if (!VIEW_ID.test(viewId) || typeof beat?.visitToken !== "string" || !TOKEN.test(beat.visitToken)) return false;
  if (!Number.isInteger(beat.page) || !Number.isInteger(beat.pageCount) || beat.page < 1 || beat.page > beat.pageCount) return false;
  const viewHash = viewHashOf(viewId);
  // Optimistic: two beats of one visit (two tabs) at once both read it; the second to write reads again.
  for (let attempt = 0; attempt < 20; attempt++) {
    const s = await deps.store.quoteVisits.session(beat.visitToken);
    if (!s || s.viewHash !== viewHash || s.pageCount === null || beat.pageCount !== s.pageCount) return false;
    const step = nextState(s, beat, deps.clock.now());
    if (!step) return true;
    // What must count exactly once (a visit beginning or becoming human) is written with the visit itself.
    const delta = engagementDelta(step.next, beat.page, step.change);
    const once = step.change.started || step.change.confirmed;
    const withWrites = once && delta ? countedOnce(deps, step.next, delta, step.change.confirmed) : [];
    const visits = deps.store.quoteVisits;
    const written = step.change.started ? await visits.rollOver(s, step.next, withWrites) : await visits.beat(s, step.next, withWrites);
    if (!written) {
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
      continue;
    }
    if (step.next.kind === "HUMAN" && delta) {
      const figures = once ? await deps.store.quoteEngagement.get(step.next.quoteId) : await deps.store.quoteEngagement.add(step.next.quoteId, delta);
      await tellOwner(deps, step.next, beat.page, figures);
    }
    return true;
  }
  throw new Error(`Visit ${beat.visitToken.slice(0, 6)}…: too many concurrent heartbeats`);
}

function nextState(s: VisitSession, beat: Heartbeat, now: Date): { next: VisitSession; change: Change } | null {
  const at = now.toISOString();
  const page = String(beat.page);
  if (now.getTime() - Date.parse(s.lastActivityAt) >= VISIT_GAP_MS) {
    // A tab hidden after a long absence: nothing to credit and nothing begins.
    if (beat.final) return null;
    const reader = s.lane === "READER";
    const next: VisitSession = {
      ...s,
      id: newId(now),
      kind: reader ? "HUMAN" : s.kind,
      reason: reader ? null : s.reason,
      startedAt: at,
      lastActivityAt: at,
      dwellMs: 0,
      pageDwellMs: { [page]: 0 },
      pagesSeen: [beat.page],
      openings: 0,
      localHour: localHourOf(now, s.timeZone),
      markAt: at,
      seq: s.seq + 1,
    };
    return { next, change: { creditMs: 0, newPage: true, started: true, confirmed: reader } };
  }
  const creditMs = s.markAt ? Math.min(Math.max(0, now.getTime() - Date.parse(s.markAt)), CREDIT_CAP_MS) : 0;
  const newPage = !s.pagesSeen.includes(beat.page);
  const confirmed = !beat.final && s.lane === "READER" && s.kind !== "HUMAN";
  const next: VisitSession = {
    ...s,
    kind: confirmed ? "HUMAN" : s.kind,
    reason: confirmed ? null : s.reason,
    lastActivityAt: at,
    dwellMs: s.dwellMs + creditMs,
    pageDwellMs: { ...s.pageDwellMs, [page]: (s.pageDwellMs[page] ?? 0) + creditMs },
    pagesSeen: newPage ? [...s.pagesSeen, beat.page] : s.pagesSeen,
    markAt: beat.final ? null : at,
    seq: s.seq + 1,
  };
  return { next, change: { creditMs, newPage, started: false, confirmed } };
}

/** The quote's figures, and the send's human visits when the visit became human, written with the visit. */
const countedOnce = (deps: Deps, v: VisitSession, delta: EngagementDelta, confirmed: boolean) => [
  deps.store.quoteEngagement.addWrite(v.quoteId, delta),
  ...(confirmed
    ? [deps.store.quoteSends.humanVisitWrite({ quoteId: v.quoteId, id: v.sendId }, v.startedAt), deps.store.quoteSendIndex.outcomeWrite(v.quoteId, "firstHumanViewAt", v.startedAt)]
    : []),
];

/** What the beat adds to the quote's figures: human visits' dwell and pages; a machine or internal visit only when it begins. */
function engagementDelta(v: VisitSession, page: number, c: Change): EngagementDelta | null {
  if (v.kind !== "HUMAN") return c.started ? { add: { [v.kind === "MACHINE" ? "machineViews" : "internalViews"]: 1 } } : null;
  const k = engagementKeys;
  const add: Record<string, number> = {};
  if (c.creditMs) {
    add.totalDwellMs = c.creditMs;
    add[k.revisionPage(v.revision, page, "ms")] = c.creditMs;
    add[k.sendPage(v.sendId, page, "ms")] = c.creditMs;
  }
  if (c.newPage) {
    add[k.revisionPage(v.revision, page, "visits")] = 1;
    add[k.sendPage(v.sendId, page, "visits")] = 1;
  }
  if (c.confirmed) {
    add.humanVisits = 1;
    // Counted as a machine view (a fetch with no script activity) until now.
    if (!c.started) add.machineViews = -1;
  }
  return { add, lastSeenAt: v.lastActivityAt, firstHumanViewAt: c.confirmed ? v.startedAt : undefined };
}

/**
 * Tells the owner what the figures after a human beat call for, and has not been told: the first
 * human view of this send, a page read in many visits or for long. A crash before telling is made
 * good by the next beat; the email ids keep it to one email each.
 */
async function tellOwner(deps: Deps, v: VisitSession, page: number, figures: EngagementItem): Promise<void> {
  if (!figures.firstViewTold?.has(v.sendId)) await alertFirstView(deps, v);
  const visits = Number(figures[engagementKeys.sendPage(v.sendId, page, "visits")] ?? 0);
  const ms = Number(figures[engagementKeys.sendPage(v.sendId, page, "ms")] ?? 0);
  if ((visits >= v.alertPageVisits || ms >= v.alertPageSeconds * 1000) && !figures.alerted?.has(`${v.sendId}#${page}`)) {
    await alertPageInterest(deps, v, page, visits, Math.round(ms / 1000));
  }
}
