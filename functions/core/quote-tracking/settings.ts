import { BlockList, isIP } from "node:net";
import type { Checker } from "../validate";

/** Per organization: networks whose views are internal, and when a rep hears of a page read again and again. */
export interface QuoteTrackingSettings {
  /** CIDR blocks (IPv4 or IPv6), like HubSpot's IP exclusion: the office, the VPN. */
  excludedNetworks: string[];
  /** A page read in this many separate visits (through one send) tells the owner. */
  alertPageVisits: number;
  /** …or read this many seconds in all. */
  alertPageSeconds: number;
}

export const DEFAULT_QUOTE_TRACKING: QuoteTrackingSettings = { excludedNetworks: [], alertPageVisits: 3, alertPageSeconds: 180 };

export const trackingOf = (s: Partial<QuoteTrackingSettings> | null | undefined): QuoteTrackingSettings => ({ ...DEFAULT_QUOTE_TRACKING, ...(s ?? {}) });

/** Node reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d. */
export const normalizeIp = (ip: string) => {
  const v = ip.trim().toLowerCase();
  return v.startsWith("::ffff:") && isIP(v.slice(7)) === 4 ? v.slice(7) : v;
};

/** "10.0.0.0/8", "2001:db8::/32", or a single address; null when not a network. */
export function parseCidr(value: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address, bits, extra] = value.trim().split("/");
  if (extra !== undefined) return null;
  const version = isIP(address);
  if (!version) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address: address.toLowerCase(), prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

export function networkList(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const c of cidrs) {
    const n = parseCidr(c);
    if (n) list.addSubnet(n.address, n.prefix, n.family);
  }
  return list;
}

export function inNetworks(list: BlockList, ip: string): boolean {
  const v = normalizeIp(ip);
  const version = isIP(v);
  return !!version && list.check(v, version === 4 ? "ipv4" : "ipv6");
}

export interface QuoteTrackingPatch {
  excludedNetworks?: string[] | null;
  alertPageVisits?: number | null;
  alertPageSeconds?: number | null;
}

/** Fields left out keep their value; every network is checked (at most 50). */
export function applyTrackingPatch(current: Partial<QuoteTrackingSettings> | null | undefined, patch: QuoteTrackingPatch, c: Checker): QuoteTrackingSettings {
  const now = trackingOf(current);
  let networks = now.excludedNetworks;
  if (patch.excludedNetworks) {
    if (patch.excludedNetworks.length > 50) c.fail("quoteTracking.excludedNetworks", "TOO_MANY", { zh: "最多50个网段", en: "at most 50 networks" });
    networks = patch.excludedNetworks.map((v, i) => {
      const n = parseCidr(v);
      if (!n) c.fail(`quoteTracking.excludedNetworks.${i}`, "INVALID_NETWORK", { zh: "不是有效的IP网段（如 203.0.113.0/24）", en: "is not a valid network (e.g. 203.0.113.0/24)" });
      return n ? `${n.address}/${n.prefix}` : v;
    });
  }
  return {
    excludedNetworks: [...new Set(networks)],
    alertPageVisits: c.int("quoteTracking.alertPageVisits", patch.alertPageVisits, 1, 100) ?? now.alertPageVisits,
    alertPageSeconds: c.int("quoteTracking.alertPageSeconds", patch.alertPageSeconds, 10, 86_400) ?? now.alertPageSeconds,
  };
}
