import { canActForOwner, canHoldCustomers, sellerIssue } from "../access";
import { type Actor, loadUser } from "../actor";
import { newActivity } from "../activity";
import { ForbiddenError, ValidationError, VersionConflictError } from "../errors";
import { newId } from "../ids";
import { customerToChange } from "./access";
import { customerChanges } from "./changes";
import { type CustomerInput, checkCustomerFields } from "./input";
import type { Customer } from "./model";
import { nameKey, searchText } from "./normalize";
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
  if (ownerId) {
    const owner = await loadUser(actor, ownerId);
    if (!owner || !owner.active) {
      throw new ValidationError([{ path: ["ownerId"], code: "UNKNOWN_USER", text: { zh: "负责人不存在或已停用", en: "is not an active user" } }]);
    }
    const notSeller = sellerIssue(owner, "ownerId");
    if (notSeller) throw new ValidationError([notSeller]);
    if (!canActForOwner(viewer, ownerId, await actor.team())) throw new ForbiddenError();
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const org = await actor.org();
  const customer: Customer = {
    id: newId(now),
    orgId: viewer.orgId,
    ...fields,
    ownerId,
    ownedSince: ownerId ? at : null,
    lastFollowUpAt: null,
    nextActionOn: null,
    nameKey: nameKey(fields.name),
    searchText: searchText(fields),
    createdAt: at,
    createdBy: viewer.id,
    updatedAt: at,
    version: 1,
  };
  const activity = newActivity(
    { orgId: viewer.orgId, subjectType: "CUSTOMER", subjectId: customer.id, kind: "CREATED", actorId: viewer.id, toOwnerId: ownerId },
    now,
  );
  return saveCustomer(actor, { prev: null, next: customer, activity }, { ownerLimit: org.maxCustomersPerOwner });
}

export async function updateCustomer(actor: Actor, id: string, expectedVersion: number, input: CustomerInput): Promise<Customer> {
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
    { orgId: current.orgId, subjectType: "CUSTOMER", subjectId: id, kind: "UPDATED", actorId: actor.viewer.id, changes },
    now,
  );
  return saveCustomer(actor, { prev: current, next, activity });
}
