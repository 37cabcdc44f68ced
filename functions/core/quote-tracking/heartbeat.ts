import type { Deps } from "../actor";
import { newId } from "../ids";
import { isViewId, viewHashOf } from "../quote-delivery/send";
import { type EngagementDelta, type EngagementItem, engagementKeys } from "../../store/quote-engagement";
import { alertFirstView, alertPageInterest } from "./alerts";
import { localHourOf } from "./classify";
import { CONFIRM_AFTER_MS, CREDIT_CAP_MS, VISIT_GAP_MS, type VisitSession } from "./model";
import type { ViewRequest } from "./opening";
import { webhookEventWrite } from "../../store/webhook-events";

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
  /** The visit became human with this beat: it counts from here with all it holds. */
  confirmed: boolean;
}

/**
 * Whether beats of the session may make its visit human: a reader's page fetch, or one the 30 s after
 * sending made a scanner's once they are over (the customer opened the link while the rep was still
 * on the phone). Beats within the 30 s never count.
 */
function countsTowardsHuman(s: VisitSession, now: Date): boolean {
  if (s.lane !== "READER" && s.lane !== "MACHINE#JUST_SENT") return false;
  return !s.justSentUntil || now.getTime() >= Date.parse(s.justSentUntil);
}

/**
 * POST /q/{link}/events from the page's script while its tab is visible: credits the server time since
 * the visit's previous beat (at most 30 s; nothing after a final beat, when the tab was hidden) to the
 * page in view. A reader's visit becomes human, with all the dwell it holds, at a second beat from a
 * visible tab at least 10 s after the first (a script run for a moment is not a person), from when that
 * first beat came. False when the link or token is unknown, the token is another link's, or the page is
 * not one of the PDF's (nothing recorded).
 */
export async function recordHeartbeat(deps: Deps, viewId: string, _req: ViewRequest, beat: Heartbeat): Promise<boolean> {
  if (!isViewId(viewId) || typeof beat?.visitToken !== "string" || !TOKEN.test(beat.visitToken)) return false;
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
      // A visit just confirmed brings every page it read: each may have crossed a threshold.
      await tellOwner(deps, step.next, step.change.confirmed ? step.next.pagesSeen : [beat.page], figures);
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
    // The tab proved itself a person's in the visit before: the same person is back.
    const human = s.kind === "HUMAN";
    const eligible = countsTowardsHuman(s, now);
    const next: VisitSession = {
      ...s,
      id: newId(now),
      kind: human ? "HUMAN" : s.kind,
      // Long after sending, a tab not confirmed yet is a reader's fetch like any other.
      reason: human ? null : eligible && s.reason === "JUST_SENT" ? "NO_SCRIPT" : s.reason,
      startedAt: at,
      lastActivityAt: at,
      dwellMs: 0,
      pageDwellMs: { [page]: 0 },
      pagesSeen: [beat.page],
      openings: 0,
      localHour: localHourOf(now, s.timeZone),
      markAt: at,
      seq: s.seq + 1,
      firstBeatAt: human || eligible ? at : null,
    };
    return { next, change: { creditMs: 0, newPage: true, started: true, confirmed: human } };
  }
  const creditMs = s.markAt ? Math.min(Math.max(0, now.getTime() - Date.parse(s.markAt)), CREDIT_CAP_MS) : 0;
  const newPage = !s.pagesSeen.includes(beat.page);
  const eligible = !beat.final && s.kind !== "HUMAN" && countsTowardsHuman(s, now);
  const confirmed = eligible && !!s.firstBeatAt && now.getTime() - Date.parse(s.firstBeatAt) >= CONFIRM_AFTER_MS;
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
    firstBeatAt: s.firstBeatAt ?? (eligible ? at : null),
  };
  return { next, change: { creditMs, newPage, started: false, confirmed } };
}

/** When the customer began reading a human visit: its first beat from a visible tab (not the fetch, which anything can make). */
export const humanSince = (v: VisitSession) => v.firstBeatAt ?? v.startedAt;

/** The quote's figures, and the send's human visits when the visit became human, written with the visit. */
const countedOnce = (deps: Deps, v: VisitSession, delta: EngagementDelta, confirmed: boolean) => [
  deps.store.quoteEngagement.addWrite(v.quoteId, delta),
  ...(confirmed
    ? [
        deps.store.quoteSends.humanVisitWrite({ quoteId: v.quoteId, id: v.sendId }, humanSince(v)),
        deps.store.quoteSendIndex.outcomeWrite(v.quoteId, "firstHumanViewAt", humanSince(v)),
        // Partners hear of each visit that became human (webhook quote.viewed), with the visit.
        webhookEventWrite({
          id: `evt_${newId(new Date(humanSince(v)))}`,
          orgId: v.orgId,
          type: "quote.viewed",
          occurredAt: humanSince(v),
          subjectType: "QUOTE",
          subjectId: v.quoteId,
          change: { revision: v.revision },
        }),
      ]
    : []),
];

/** What the beat adds to the quote's figures: human visits' dwell and pages; a machine or internal visit only when it begins. */
function engagementDelta(v: VisitSession, page: number, c: Change): EngagementDelta | null {
  if (v.kind !== "HUMAN") return c.started ? { add: { [v.kind === "MACHINE" ? "machineViews" : "internalViews"]: 1 } } : null;
  const k = engagementKeys;
  const add: Record<string, number> = {};
  const credit = (p: number, ms: number, visits: number) => {
    if (ms) {
      add.totalDwellMs = (add.totalDwellMs ?? 0) + ms;
      add[k.revisionPage(v.revision, p, "ms")] = ms;
      add[k.sendPage(v.sendId, p, "ms")] = ms;
    }
    if (visits) {
      add[k.revisionPage(v.revision, p, "visits")] = visits;
      add[k.sendPage(v.sendId, p, "visits")] = visits;
    }
  };
  if (c.confirmed) {
    add.humanVisits = 1;
    // Counted as a machine view (a fetch with no script activity) until now.
    if (!c.started) add.machineViews = -1;
    // What the visit read before the second beat proved a person was the same person's reading: all of it counts.
    for (const p of v.pagesSeen) credit(p, v.pageDwellMs[String(p)] ?? 0, 1);
  } else {
    credit(page, c.creditMs, c.newPage ? 1 : 0);
  }
  return { add, lastSeenAt: v.lastActivityAt, firstHumanViewAt: c.confirmed ? humanSince(v) : undefined };
}

/**
 * Tells the deal's owner (and the sender: see quoteAudience) what the figures after a human beat call
 * for, and has not been told: the first human view of this send, a page read in many visits or for
 * long. A crash before telling is made good by the next beat; the email ids keep it to one email each.
 */
async function tellOwner(deps: Deps, v: VisitSession, pages: number[], figures: EngagementItem): Promise<void> {
  if (!figures.firstViewTold?.has(v.sendId)) await alertFirstView(deps, v);
  for (const page of pages) {
    const visits = Number(figures[engagementKeys.sendPage(v.sendId, page, "visits")] ?? 0);
    const ms = Number(figures[engagementKeys.sendPage(v.sendId, page, "ms")] ?? 0);
    if ((visits >= v.alertPageVisits || ms >= v.alertPageSeconds * 1000) && !figures.alerted?.has(`${v.sendId}#${page}`)) {
      await alertPageInterest(deps, v, page, visits, Math.round(ms / 1000));
    }
  }
}
