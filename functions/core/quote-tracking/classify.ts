import { inNetworks, networkList } from "./settings";
import { type DeviceClass, JUST_SENT_MS, type VisitKind, type VisitReason } from "./model";

/** Chat apps and mail clients that fetch a link to draw its preview card. */
const LINK_PREVIEW = /slack|whatsapp|telegram|skype|discord|facebookexternalhit|twitterbot|linkedinbot|pinterest|embedly|preview|microsoft office|outlook|wechat.*(bot|spider)|dingtalk.*bot/i;
/** Mail security scanners (Safe Links, Mimecast, Proofpoint, Barracuda), crawlers and scripts. */
const SCANNER = /bot|crawler|spider|safelinks|mimecast|proofpoint|barracuda|symantec|trendmicro|fortiguard|python|curl|wget|java\/|go-http|node-fetch|undici|axios|okhttp|libwww|httpclient|headless|phantomjs|googleimageproxy|yahoomailproxy/i;
/** Apple Mail Privacy Protection and iCloud fetch through Apple's own networks (built on first use: only page views need it, not every cold start). */
let privacyProxies: ReturnType<typeof networkList> | undefined;
const PRIVACY_PROXIES = () => (privacyProxies ??= networkList(["17.0.0.0/8", "2620:149::/32", "2a01:b740::/32", "2403:300::/32"]));

export interface RequestFacts {
  method: "GET" | "HEAD" | "POST";
  ip: string;
  userAgent: string;
  /** Since the email went to SES (or the send was recorded). */
  msSinceSent: number;
  staffIp: boolean;
  excludedNetworks: string[];
}

/** Not a person reading, or one of us: the kind and why. Null: a reader, human once the page's script reports a visible tab. */
export function classify(r: RequestFacts): { kind: Exclude<VisitKind, "HUMAN">; reason: VisitReason } | null {
  const ua = r.userAgent.trim();
  if (r.method === "HEAD") return { kind: "MACHINE", reason: "HEAD" };
  if (!ua) return { kind: "MACHINE", reason: "NO_AGENT" };
  if (LINK_PREVIEW.test(ua)) return { kind: "MACHINE", reason: "LINK_PREVIEW" };
  if (SCANNER.test(ua)) return { kind: "MACHINE", reason: "SCANNER_AGENT" };
  if (inNetworks(PRIVACY_PROXIES(), r.ip)) return { kind: "MACHINE", reason: "PRIVACY_PROXY" };
  // Our own people before the timing: a rep checking the link just after sending is internal.
  if (r.staffIp) return { kind: "INTERNAL", reason: "STAFF_IP" };
  if (r.excludedNetworks.length && inNetworks(networkList(r.excludedNetworks), r.ip)) return { kind: "INTERNAL", reason: "EXCLUDED_NETWORK" };
  if (r.msSinceSent < JUST_SENT_MS) return { kind: "MACHINE", reason: "JUST_SENT" };
  return null;
}

export function deviceClassOf(userAgent: string): DeviceClass {
  if (/ipad|tablet|playbook|silk|kindle|(android(?!.*mobile))/i.test(userAgent)) return "TABLET";
  if (/mobi|iphone|ipod|android|windows phone|harmonyos/i.test(userAgent)) return "MOBILE";
  return "DESKTOP";
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** 0-23 in the organization's time zone. */
export function localHourOf(at: Date, timeZone: string): number {
  let f = hourFormats.get(timeZone);
  if (!f) hourFormats.set(timeZone, (f = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" })));
  return Number(f.format(at)) % 24;
}
