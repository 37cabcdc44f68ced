import { canActForOwner, canHoldCustomers, sellerIssue } from "../access";
import { type Actor, loadUser } from "../actor";
import { newActivity } from "../activity";
import { ForbiddenError, ValidationError, VersionConflictError } from "../errors";
import { markResult } from "../idempotency";
import { newId } from "../ids";
import { customerToChange } from "./access";
import { customerChanges } from "./changes";
import { type CustomerInput, checkCustomerFields } from "./input";
import type { Customer, CustomerFields } from "./model";
import { nameKey, searchText } from "./normalize";
import type { User } from "../user/model";
import { saveCustomer } from "./save";

export interface CreateCustomerInput extends CustomerInput {
  /** Defaults to the creator; a manager may give it to someone on their team, ADMIN/GM to anyone. */
  ownerId?: string | null;
  /** Register it straight into the shared pool. */
  inPool?: boolean | null;
}

export async function createCustomer(actor: Actor, input: CreateCustomerInput): Promise<Customer> {
  const { viewer, deps } = actor;
  if (!canHoldCustomers(viewer)) throw new ForbiddenError();
  const fields = checkCustomerFields(input, null);
  const ownerId = input.inPool ? null : (input.ownerId ?? viewer.id);
  if (ownerId) checkNewOwner(viewer, await loadUser(actor, ownerId), await actor.team());
  const now = deps.clock.now();
  const at = now.toISOString();
  const org = await actor.org();
  const customer = newCustomer({ id: newId(now), orgId: viewer.orgId, fields, ownerId, createdBy: viewer.id, at });
  const activity = newActivity(
    { orgId: viewer.orgId, subjectType: "CUSTOMER", subjectId: customer.id, kind: "CREATED", actorId: viewer.id, toOwnerId: ownerId },
    now,
  );
  markResult(customer.id);
  return saveCustomer(actor, { prev: null, next: customer, activity }, { ownerLimit: org.maxCustomersPerOwner });
}

/** A customer as first stored, with its duplicate key and search text (createCustomer and imports). */
export function newCustomer(c: { id: string; orgId: string; fields: CustomerFields; ownerId: string | null; createdBy: string; at: string }): Customer {
  return {
    id: c.id,
    orgId: c.orgId,
    ...c.fields,
    ownerId: c.ownerId,
    ownedSince: c.ownerId ? c.at : null,
    lastFollowUpAt: null,
    nextActionOn: null,
    nameKey: nameKey(c.fields.name),
    searchText: searchText(c.fields),
    createdAt: c.at,
    createdBy: c.createdBy,
    updatedAt: c.at,
    version: 1,
  };
}

/**
 * Whether the viewer may give a new customer to `owner` (null: no such user in the organization):
 * an active seller, and oneself, one's team (managers) or anyone (ADMIN/GM). Imports check each row's
 * owner with this too.
 */
export function checkNewOwner(viewer: User, owner: User | null, team: Set<string>, field = "ownerId"): void {
  if (!owner || !owner.active) {
    throw new ValidationError([{ path: [field], code: "UNKNOWN_USER", text: { zh: "负责人不存在或已停用", en: "is not an active user" } }]);
  }
  const notSeller = sellerIssue(owner, field);
  if (notSeller) throw new ValidationError([notSeller]);
  if (!canActForOwner(viewer, owner.id, team)) throw new ForbiddenError();
}

/** `note`: why, on the timeline entry (an import names its file). */
export async function updateCustomer(actor: Actor, id: string, expectedVersion: number, input: CustomerInput, note?: string): Promise<Customer> {
  const current = await customerToChange(actor, id, "edit");
  if (current.version !== expectedVersion) throw new VersionConflictError(current, current.version);
  const fields = checkCustomerFields(input, current);
  const changes = customerChanges(current, fields);
  if (!changes.length) return current;
  const now = actor.deps.clock.now();
  const merged = { ...current, ...fields, nameKey: nameKey(fields.name), searchText: searchText(fields) };
  const next: Customer = {
    ...merged,
    updatedAt: now.toISOString(),
    version: current.version + 1,
  };
  const activity = newActivity(
    { orgId: current.orgId, subjectType: "CUSTOMER", subjectId: id, kind: "UPDATED", actorId: actor.viewer.id, changes, ...(note ? { note } : {}) },
    now,
  );
  return saveCustomer(actor, { prev: current, next, activity });
}
