import type { Customer } from "./customer/model";
import type { FieldIssue } from "./errors";
import { hasRole, isOrgWide, type User } from "./user/model";

/**
 * Who sees which customers:
 * - ADMIN, GM: everyone's. FINANCE, LEGAL, TECH: everyone's, read only (they serve every deal).
 * - MANAGER: their own, their team's (everyone reporting to them, at any depth) and the pool.
 * - REP: their own and the pool.
 */
export type CustomerScope = { all: true } | { all: false; ownerIds: Set<string>; pool: boolean };

/** `team`: everyone reporting to the viewer at any depth (empty unless a manager). */
export function customerScope(viewer: User, team: Set<string>): CustomerScope {
  if (isOrgWide(viewer) || hasRole(viewer, "FINANCE", "LEGAL", "TECH")) return { all: true };
  return { all: false, ownerIds: new Set([viewer.id, ...team]), pool: hasRole(viewer, "REP", "MANAGER") };
}

export function canSeeCustomer(scope: CustomerScope, customer: Customer): boolean {
  if (scope.all) return true;
  return customer.ownerId ? scope.ownerIds.has(customer.ownerId) : scope.pool;
}

/** Acting for an owner: oneself, a manager for their team, ADMIN/GM for anyone. */
export function canActForOwner(viewer: User, ownerId: string, team: Set<string>): boolean {
  return isOrgWide(viewer) || ownerId === viewer.id || team.has(ownerId);
}

/** Editing a customer: whoever acts for its owner; pool customers are curated by managers and ADMIN/GM. */
export function canEditCustomer(viewer: User, customer: Customer, team: Set<string>): boolean {
  if (customer.ownerId) return canActForOwner(viewer, customer.ownerId, team);
  return isOrgWide(viewer) || hasRole(viewer, "MANAGER");
}

/** Roles that hold customers and work the pool. */
export const canHoldCustomers = (user: User) => hasRole(user, "REP", "MANAGER", "GM", "ADMIN");

/**
 * Customers and deals are given only to people who sell: FINANCE, LEGAL and TECH read everything and
 * edit nothing, and no manager's list would show what they held. `field` names the input that chose them.
 */
export function sellerIssue(owner: User, field: string): FieldIssue | null {
  if (canHoldCustomers(owner)) return null;
  return {
    path: [field],
    code: "NOT_A_SELLER",
    text: {
      zh: "只能交给销售人员（销售代表、销售经理、总经理或管理员），财务、法务和技术人员不能负责客户或商机",
      en: "must be someone who sells (REP, MANAGER, GM or ADMIN); FINANCE, LEGAL and TECH cannot own customers or deals",
    },
  };
}
