import * as Tracking from "../functions/core/quote-tracking";
import { hasRole } from "../functions/core/user/model";
import { builder } from "./builder";
import { listConnection } from "./connection";
import { QuoteRef } from "./quote";

const VisitKindEnum = builder.enumType("QuoteViewKind", {
  description: "HUMAN: the customer, confirmed by the page's script in a visible tab (two reports at least 10 s apart, none counted within 30 s of sending). MACHINE and INTERNAL views are shown apart and never counted or alerted on.",
  values: Tracking.VISIT_KINDS,
});
const VisitReasonEnum = builder.enumType("QuoteViewReason", {
  description:
    "Why a view is not the customer's: HEAD request, NO_AGENT (no user agent), SCANNER_AGENT (mail scanner, crawler, script), LINK_PREVIEW (chat or mail preview card), JUST_SENT (opened within 30 s of sending, and no visible tab kept reporting after the 30 s), PRIVACY_PROXY (Apple Mail Privacy Protection), NO_SCRIPT (fetched, but the page's script never reported a visible tab twice at least 10 s apart), STAFF_IP (an address our people use), EXCLUDED_NETWORK (the organization's excluded networks).",
  values: Tracking.VISIT_REASONS,
});
const DeviceClassEnum = builder.enumType("DeviceClass", { values: Tracking.DEVICE_CLASSES });

const PageEngagementRef = builder.objectRef<Tracking.PageEngagement>("QuotePageEngagement").implement({
  description: "How one page of a sent revision was read in human visits.",
  fields: (t) => ({
    revision: t.exposeInt("revision"),
    page: t.exposeInt("page", { description: "1-based, as in the PDF (第 N 页)." }),
    dwellSeconds: t.exposeInt("dwellSeconds", { description: "Active-tab time with the page in view, from the server's clock between heartbeats." }),
    visits: t.exposeInt("visits", { description: "Separate visits in which the page was in view." }),
  }),
});

const EngagementRef = builder.objectRef<Tracking.QuoteEngagement>("QuoteEngagement").implement({
  description: "How the customer read the quote through the links of its emails: human visits only; machine and internal views are counted apart.",
  fields: (t) => ({
    firstHumanViewAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the customer began reading in the first human visit: the first report of its visible tab (not the page fetch).",
      resolve: (e) => e.firstHumanViewAt,
    }),
    humanVisits: t.exposeInt("humanVisits", { description: "Activity within 10 minutes is one visit." }),
    totalDwellSeconds: t.exposeInt("totalDwellSeconds", { description: "Active-tab time, summed from heartbeats by the server's clock." }),
    lastSeenAt: t.field({ type: "DateTime", nullable: true, description: "The customer's latest activity.", resolve: (e) => e.lastSeenAt }),
    machineViews: t.exposeInt("machineViews", { description: "Scanners, previews, privacy proxies, fetches with no script activity." }),
    internalViews: t.exposeInt("internalViews", { description: "Our own people (staff addresses, excluded networks)." }),
    pages: t.field({ type: [PageEngagementRef], description: "Per page of each revision sent, in page order.", resolve: (e) => e.pages }),
  }),
});

const VisitPageRef = builder.objectRef<{ page: number; dwellSeconds: number }>("QuoteViewPage").implement({
  fields: (t) => ({ page: t.exposeInt("page"), dwellSeconds: t.exposeInt("dwellSeconds") }),
});

/** Who may see where a visit came from (its IP address and user agent). */
const mayTrace = (viewer: Parameters<typeof hasRole>[0]) => hasRole(viewer, "MANAGER", "GM", "ADMIN");

const VisitRef = builder.objectRef<Tracking.QuoteVisit>("QuoteView").implement({
  description: "One visit through a send's view link (activity with no gap of 10 minutes).",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: VisitKindEnum, resolve: (v) => v.kind }),
    reason: t.field({ type: VisitReasonEnum, nullable: true, description: "Null on HUMAN visits.", resolve: (v) => v.reason }),
    sendId: t.exposeString("sendId", { description: "The send (QuoteSend.id) whose link was used." }),
    revision: t.exposeInt("revision"),
    startedAt: t.field({ type: "DateTime", resolve: (v) => v.startedAt }),
    lastActivityAt: t.field({ type: "DateTime", resolve: (v) => v.lastActivityAt }),
    dwellSeconds: t.int({ description: "Active-tab time from heartbeats, by the server's clock.", resolve: (v) => Math.round(v.dwellMs / 1000) }),
    pages: t.field({
      type: [VisitPageRef],
      description: "Pages in view during the visit, in the order first seen, with their dwell.",
      resolve: (v) => v.pagesSeen.map((page) => ({ page, dwellSeconds: Math.round((v.pageDwellMs[String(page)] ?? 0) / 1000) })),
    }),
    openings: t.exposeInt("openings", { description: "Page loads within the visit (reloads, a second tab)." }),
    deviceClass: t.field({ type: DeviceClassEnum, description: "From the user agent.", resolve: (v) => v.deviceClass }),
    localHour: t.exposeInt("localHour", {
      description: "Hour of day (0–23) the visit began in the organization's time zone, not the reader's own (which the server cannot know).",
    }),
    // The customer's staff's addresses and browsers are personal information (PIPL): only those who manage people and the system see them.
    ip: t.string({
      nullable: true,
      description: "The reader's IP address; shown to MANAGER, GM and ADMIN only (null for everyone else).",
      resolve: (v, _, ctx) => (mayTrace(ctx.actor.viewer) ? v.ip : null),
    }),
    userAgent: t.string({
      nullable: true,
      description: "The reader's full user agent; shown to MANAGER, GM and ADMIN only (null for everyone else: deviceClass is for all).",
      resolve: (v, _, ctx) => (mayTrace(ctx.actor.viewer) ? v.userAgent : null),
    }),
  }),
});

builder.objectFields(QuoteRef, (t) => ({
  engagement: t.field({
    type: EngagementRef,
    description: "Read tracking summed over every send of the quote; loaded in one batch for a list of quotes.",
    resolve: (q, _, ctx) => Tracking.quoteEngagement(ctx.actor, q.id),
  }),
  views: t.connection(
    {
      type: VisitRef,
      description: "Visits through the quote's links, newest first: HUMAN by default; MACHINE and INTERNAL apart.",
      args: { kind: t.arg({ type: VisitKindEnum, defaultValue: "HUMAN" }) },
      resolve: (q, args, ctx) => listConnection(args, ctx, "quoteVisits", (page) => Tracking.quoteVisits(ctx.actor, q.id, args.kind ?? "HUMAN", page)),
    },
    { name: "QuoteViewConnection" },
    { name: "QuoteViewEdge" },
  ),
}));
