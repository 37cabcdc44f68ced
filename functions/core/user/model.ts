import type { Locale } from "../text";

export const ROLES = ["REP", "MANAGER", "TECH", "FINANCE", "LEGAL", "GM", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  orgId: string;
  name: string;
  email: string;
  phone: string | null;
  roles: Role[];
  /** Who this user's approvals and escalations go to; the root of a team has none. */
  managerId: string | null;
  /** Who assists this person with their customers (a 销售助理): copied on reminders such as the quote follow-up. */
  salesAssistantId?: string | null;
  region: string | null;
  department: string | null;
  locale: Locale;
  active: boolean;
  /** Customers this user holds now; kept in step with every ownership change. */
  ownedCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const hasRole = (user: Pick<User, "roles">, ...roles: Role[]) => roles.some((r) => user.roles.includes(r));

/** ADMIN and GM see and act on the whole organization. */
export const isOrgWide = (user: Pick<User, "roles">) => hasRole(user, "ADMIN", "GM");

/**
 * Everyone who reports to `managerId`, directly or through others, excluding the manager.
 * Guarded against cycles, which the user rules refuse but old data could still hold.
 */
export function reportsOf(managerId: string, users: Pick<User, "id" | "managerId">[]): Set<string> {
  const byManager = new Map<string, string[]>();
  for (const u of users) {
    if (!u.managerId) continue;
    byManager.set(u.managerId, [...(byManager.get(u.managerId) ?? []), u.id]);
  }
  const out = new Set<string>();
  const queue = [...(byManager.get(managerId) ?? [])];
  while (queue.length) {
    const id = queue.shift() as string;
    if (out.has(id) || id === managerId) continue;
    out.add(id);
    queue.push(...(byManager.get(id) ?? []));
  }
  return out;
}
