/** How a visit to a quote's view link is counted: only HUMAN visits count and alert. */
export const VISIT_KINDS = ["HUMAN", "MACHINE", "INTERNAL"] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/** Why a visit is not a human one (null on HUMAN visits). */
export const VISIT_REASONS = [
  "HEAD",
  "NO_AGENT",
  "SCANNER_AGENT",
  "LINK_PREVIEW",
  "JUST_SENT",
  "PRIVACY_PROXY",
  /** Fetched by something whose page script has not (yet) reported a visible tab twice 10 s apart: many scanners. */
  "NO_SCRIPT",
  "STAFF_IP",
  "EXCLUDED_NETWORK",
] as const;
export type VisitReason = (typeof VISIT_REASONS)[number];

export const DEVICE_CLASSES = ["MOBILE", "TABLET", "DESKTOP"] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** Activity within this long of the last activity through the same link is one visit. */
export const VISIT_GAP_MS = 10 * 60_000;
/** The page beats every 15 s; a beat credits at most twice that, however long since the last one. */
export const HEARTBEAT_MS = 15_000;
export const CREDIT_CAP_MS = 2 * HEARTBEAT_MS;
/** Fetches this soon after sending are the recipient's mail scanner, not the recipient. */
export const JUST_SENT_MS = 30_000;
/**
 * A visit is human once a visible tab has beaten twice this far apart by the server's clock: a
 * sandbox that runs the page's script for a moment (URL detonation) never gets there.
 */
export const CONFIRM_AFTER_MS = 10_000;

/**
 * One visit: the activity through one send's link with no gap of 10 minutes. Dwell is server time
 * between heartbeats of a visible tab, never a duration a client states.
 */
export interface QuoteVisit {
  id: string;
  orgId: string;
  quoteId: string;
  sendId: string;
  revision: number;
  kind: VisitKind;
  reason: VisitReason | null;
  startedAt: string;
  lastActivityAt: string;
  dwellMs: number;
  /** Dwell per 1-based page, in ms. */
  pageDwellMs: Record<string, number>;
  /** Pages a heartbeat reported in view, in the order first seen. */
  pagesSeen: number[];
  /** GETs of the page within the visit (reloads, a second tab). */
  openings: number;
  deviceClass: DeviceClass;
  /** Hour of day (0-23) the visit began, in the organization's time zone. */
  localHour: number;
  ip: string;
  userAgent: string;
}

/**
 * The live state behind a visit token: the current visit of a page load (a tab), plus what the
 * heartbeats need without reading anything else. A tab that comes back after 10 minutes starts a new
 * visit in the same session (the finished one is archived).
 */
export interface VisitSession extends QuoteVisit {
  /** The visit token the page holds (useless without the link, which only the email holds). */
  token: string;
  viewHash: string;
  /** Which merge lane the session belongs to: READER (may become human), or the machine kind#reason. */
  lane: string;
  /** Pages of the PDF sent (read from the archived PDF): beats for other pages are refused. */
  pageCount: number | null;
  /** Attention runs from here (last opening or beat); null after a final beat (tab hidden). */
  markAt: string | null;
  /** Optimistic lock: each change of the session moves it on. */
  seq: number;
  /** The organization's alert thresholds when the visit began (so a beat reads nothing else). */
  alertPageVisits: number;
  alertPageSeconds: number;
  /** The organization's, for the local hour of a visit the session starts later. */
  timeZone: string;
  /**
   * The first beat of a visible tab that counts towards making the visit human (none within 30 s of
   * sending); a second one at least 10 s later confirms it. Also when the customer began reading: the
   * visit's first human view time. Null until then (a fetch only, or a tab hidden at once).
   */
  firstBeatAt: string | null;
  /** Until when beats are the recipient's mail scanner's (30 s after sending): a JUST_SENT visit may become human after. */
  justSentUntil: string | null;
}

export interface PageEngagement {
  revision: number;
  page: number;
  dwellSeconds: number;
  visits: number;
}

/** A quote's human engagement, kept up to date with each event (one item). */
export interface QuoteEngagement {
  firstHumanViewAt: string | null;
  humanVisits: number;
  totalDwellSeconds: number;
  lastSeenAt: string | null;
  machineViews: number;
  internalViews: number;
  pages: PageEngagement[];
}
