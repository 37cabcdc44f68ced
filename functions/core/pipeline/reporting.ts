import type { Actor } from "../actor";
import { ForbiddenError } from "../errors";
import { hasRole, isOrgWide, type User } from "../user/model";
import type { TotalsRow } from "./totals";

export const GROUP_BY = ["REP", "TEAM", "REGION"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface Group {
  key: string;
  /** The person for a REP row, the team's manager for a TEAM row. */
  userId: string | null;
  label: { zh: string; en: string };
}

/**
 * Whose figures the viewer may see in forecasts and funnels: ADMIN, GM and FINANCE everyone's,
 * a manager their team's and their own, a rep their own. TECH and LEGAL see none.
 */
export async function reportingOwners(actor: Actor): Promise<Set<string> | "ALL"> {
  const v = actor.viewer;
  if (isOrgWide(v) || hasRole(v, "FINANCE")) return "ALL";
  if (hasRole(v, "MANAGER")) return new Set([v.id, ...(await actor.team())]);
  if (hasRole(v, "REP")) return new Set([v.id]);
  throw new ForbiddenError();
}

export const inScope = (owners: Set<string> | "ALL") => (row: { ownerId: string }) => owners === "ALL" || owners.has(row.ownerId);

/** A rep's team is their manager's; a manager's own deals count in the team they lead. */
export const teamOf = (u: User | undefined, ownerId: string) => (u && !hasRole(u, "MANAGER") && u.managerId ? u.managerId : ownerId);

export function groupOf(ownerId: string, groupBy: GroupBy, users: Map<string, User>): Group {
  const u = users.get(ownerId);
  if (groupBy === "REP") return { key: ownerId, userId: ownerId, label: { zh: u?.name ?? ownerId, en: u?.name ?? ownerId } };
  if (groupBy === "TEAM") {
    const lead = teamOf(u, ownerId);
    const name = users.get(lead)?.name ?? lead;
    return { key: lead, userId: lead, label: { zh: `${name}团队`, en: `${name}'s team` } };
  }
  const region = u?.region ?? null;
  return { key: region ?? "-", userId: null, label: { zh: region ?? "未分配区域", en: region ?? "No region" } };
}

/** Rows grouped by the chosen dimension, in first-seen order. */
export function groupRows<R extends TotalsRow>(rows: R[], groupBy: GroupBy, users: Map<string, User>): Map<string, { group: Group; rows: R[] }> {
  const out = new Map<string, { group: Group; rows: R[] }>();
  for (const row of rows) {
    const group = groupOf(row.ownerId, groupBy, users);
    const entry = out.get(group.key) ?? { group, rows: [] };
    entry.rows.push(row);
    out.set(group.key, entry);
  }
  return out;
}
