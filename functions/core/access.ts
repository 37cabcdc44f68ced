import type { Customer } from "./customer/model";
import { hasRole, isOrgWide, reportsOf, type User } from "./user/model";

/**
 * Who sees which customers:
 * - ADMIN, GM: everyone's. FINANCE, LEGAL, TECH: everyone's, read only (they serve every deal).
 * - MANAGER: their own, their team's (everyone reporting to them, at any depth) and the pool.
 * - REP: their own and the pool.
 */
export type CustomerScope = { all: true } | { all: false; ownerIds: Set<string>; pool: boolean };

export function customerScope(viewer: User, orgUsers: User[]): CustomerScope {
  if (isOrgWide(viewer) || hasRole(viewer, "FINANCE", "LEGAL", "TECH")) return { all: true };
  const ownerIds = new Set([viewer.id]);
  if (hasRole(viewer, "MANAGER")) for (const id of reportsOf(viewer.id, orgUsers)) ownerIds.add(id);
  return { all: false, ownerIds, pool: hasRole(viewer, "REP", "MANAGER") };
}

export function canSeeCustomer(scope: CustomerScope, customer: Customer): boolean {
  if (scope.all) return true;
  return customer.ownerId ? scope.ownerIds.has(customer.ownerId) : scope.pool;
}

/** Acting for an owner: oneself, a manager for their team, ADMIN/GM for anyone. */
export function canActForOwner(viewer: User, ownerId: string, orgUsers: User[]): boolean {
  if (isOrgWide(viewer) || ownerId === viewer.id) return true;
  return hasRole(viewer, "MANAGER") && reportsOf(viewer.id, orgUsers).has(ownerId);
}

/** Editing a customer: whoever acts for its owner; pool customers are curated by managers and ADMIN/GM. */
export function canEditCustomer(viewer: User, customer: Customer, orgUsers: User[]): boolean {
  if (customer.ownerId) return canActForOwner(viewer, customer.ownerId, orgUsers);
  return isOrgWide(viewer) || hasRole(viewer, "MANAGER");
}

/** Roles that hold customers and work the pool. */
export const canHoldCustomers = (user: User) => hasRole(user, "REP", "MANAGER", "GM", "ADMIN");
