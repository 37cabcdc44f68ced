import type { Deps } from "../actor";
import { normalizeIp } from "./settings";

/** A view from an address our people used the API from within this long is internal. */
export const STAFF_IP_KEEP_SECONDS = 24 * 3600;
/** Written at most once an hour per address: the record's time only needs to be that fresh. */
const REFRESH_SECONDS = 3600;

/**
 * Never noted as staff: on a machine running the local stack the customer's browser and the staff's
 * client are both loopback, and a local browser must count as the customer. (Behind API Gateway the
 * source address is the client's, never loopback.) An organization that wants it internal lists
 * 127.0.0.0/8 in its excluded networks.
 */
const LOOPBACK = /^(127\.|::1$|localhost$)/;
/** org + ip → when this process last wrote it (ms); bounded so a long-lived process does not grow. */
const written = new Map<string, number>();
const MAX_REMEMBERED = 10_000;

/**
 * Remembers that staff of `orgId` used `ip` (called as each GraphQL request starts). Nearly always
 * an in-memory check; at most one conditional write per address and hour per process.
 */
export async function noteStaffIp(deps: Deps, orgId: string, ip: string | undefined): Promise<void> {
  if (!ip) return;
  const address = normalizeIp(ip);
  if (LOOPBACK.test(address)) return;
  const now = deps.clock.now();
  const id = `${orgId}\n${address}`;
  const last = written.get(id);
  if (last !== undefined && Math.abs(now.getTime() - last) < REFRESH_SECONDS * 1000) return;
  if (written.size >= MAX_REMEMBERED) written.clear();
  written.set(id, now.getTime());
  try {
    await deps.store.staffIps.note(orgId, address, now, STAFF_IP_KEEP_SECONDS, REFRESH_SECONDS);
  } catch {
    // Tracking must never fail the API request; the next request an hour on tries again.
    written.delete(id);
  }
}

export const isStaffIp = (deps: Deps, orgId: string, ip: string) =>
  deps.store.staffIps.seenSince(orgId, normalizeIp(ip), new Date(deps.clock.now().getTime() - STAFF_IP_KEEP_SECONDS * 1000));
