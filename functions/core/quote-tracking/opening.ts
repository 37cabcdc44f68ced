import { randomBytes } from "node:crypto";
import type { Deps } from "../actor";
import { newId } from "../ids";
import type { QuoteSend } from "../quote-delivery/model";
import { isViewId, viewHashOf } from "../quote-delivery/send";
import { classify, deviceClassOf, localHourOf } from "./classify";
import { JUST_SENT_MS, VISIT_GAP_MS, type VisitKind, type VisitReason, type VisitSession } from "./model";
import { pageCountOf } from "./page-count";
import { normalizeIp, trackingOf } from "./settings";
import { isStaffIp } from "./staff-ips";

/** What the view route knows of a request to the customer's link. */
export interface ViewRequest {
  method: "GET" | "HEAD" | "POST";
  ip: string;
  userAgent: string;
}

export interface Opening {
  send: QuoteSend;
  /** Opaque token the page sends back with each heartbeat (ties heartbeats to this opening/visit). */
  visitToken: string;
  /** How the visit stands: a reader's is MACHINE / NO_SCRIPT until the page's script reports a visible tab. */
  kind: VisitKind;
  reason: VisitReason | null;
  /** Pages of the PDF sent (null for a HEAD): heartbeats must report this count. */
  pageCount: number | null;
}

const counterOf = (kind: VisitKind) => ({ HUMAN: "humanVisits", MACHINE: "machineViews", INTERNAL: "internalViews" })[kind];

/**
 * GET/HEAD of the view page: joins the link's visit of the same lane when its last activity is under
 * 10 minutes old, or starts one (counted as a machine or internal view; a reader's, or one opened
 * within 30 s of sending, becomes human once a visible tab keeps beating: see heartbeat.ts). Null for
 * an unknown link.
 */
export async function recordOpening(deps: Deps, viewId: string, req: ViewRequest): Promise<Opening | null> {
  if (!isViewId(viewId)) return null;
  const viewHash = viewHashOf(viewId);
  const send = await deps.store.quoteSends.byViewHash(viewHash);
  if (!send) return null;
  const { quoteVisits } = deps.store;
  const now = deps.clock.now();
  const at = now.toISOString();
  const ip = normalizeIp(req.ip);
  const userAgent = req.userAgent.slice(0, 500);
  const [org, staffIp] = await Promise.all([deps.store.organizations.get(send.orgId), isStaffIp(deps, send.orgId, ip)]);
  const settings = trackingOf(org.quoteTracking);
  const sentAt = send.deliveredToSesAt ?? send.sentAt;
  const machine = classify({ method: req.method, ip, userAgent, msSinceSent: now.getTime() - Date.parse(sentAt), staffIp, excludedNetworks: settings.excludedNetworks });
  const lane = machine ? `${machine.kind}#${machine.reason}` : "READER";
  const pageCount = req.method === "HEAD" ? null : await pageCountOf(deps, send);

  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await quoteVisits.lane(viewHash, lane);
    const live = current ? await quoteVisits.session(current) : null;
    if (live && now.getTime() - Date.parse(live.lastActivityAt) < VISIT_GAP_MS) {
      await quoteVisits.touch(live, at);
      return { send, visitToken: live.token, kind: live.kind, reason: live.reason, pageCount: live.pageCount };
    }
    const session: VisitSession = {
      id: newId(now),
      orgId: send.orgId,
      quoteId: send.quoteId,
      sendId: send.id,
      revision: send.revision,
      kind: machine?.kind ?? "MACHINE",
      reason: machine?.reason ?? "NO_SCRIPT",
      startedAt: at,
      lastActivityAt: at,
      dwellMs: 0,
      pageDwellMs: {},
      pagesSeen: [],
      openings: 1,
      deviceClass: deviceClassOf(userAgent),
      localHour: localHourOf(now, org.timeZone),
      ip,
      userAgent,
      token: randomBytes(18).toString("base64url"),
      viewHash,
      lane,
      pageCount,
      markAt: at,
      seq: 0,
      alertPageVisits: settings.alertPageVisits,
      alertPageSeconds: settings.alertPageSeconds,
      timeZone: org.timeZone,
      firstBeatAt: null,
      // Only a visit the 30 s after sending made a scanner's may become human once they are over.
      justSentUntil: machine?.reason === "JUST_SENT" ? new Date(Date.parse(sentAt) + JUST_SENT_MS).toISOString() : null,
    };
    if (await quoteVisits.start(session, current, { add: { [counterOf(session.kind)]: 1 } })) {
      return { send, visitToken: session.token, kind: session.kind, reason: session.reason, pageCount };
    }
  }
  throw new Error(`Quote view ${send.id}: the link's visit kept changing under concurrent openings`);
}
