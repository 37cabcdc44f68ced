import { ConditionFailedError } from "../../store";
import type { CustomerChange } from "../../store/customers";
import type { LabeledWrite } from "../../store/transact";
import { type Actor, loadUser } from "../actor";
import { NotFoundError, VersionConflictError } from "../errors";
import { CustomerAlreadyOwnedError, DuplicateCustomerError, OwnershipLimitError } from "./errors";
import type { Customer } from "./model";

/** Saves one customer change; a condition that did not hold becomes the error a person can act on. */
export async function saveCustomer(actor: Actor, change: CustomerChange, opts: { ownerLimit?: number; extra?: LabeledWrite[] } = {}): Promise<Customer> {
  try {
    await actor.deps.store.customers.save([change], opts);
    return change.next;
  } catch (error) {
    throw await explainConflict(actor, change.next, error);
  }
}

/** Turns a failed condition of a customer save into the error a person can act on. */
export async function explainConflict(actor: Actor, attempted: Customer, error: unknown): Promise<unknown> {
  if (!(error instanceof ConditionFailedError)) return error;
  const { store } = actor.deps;
  for (const field of ["creditCode", "name"] as const) {
    if (!error.failed.includes(field)) continue;
    const value = field === "creditCode" ? (attempted.creditCode as string) : attempted.nameKey;
    const holderId = await store.customers.holderOf(attempted.orgId, field, value);
    const [holder] = holderId ? await store.customers.getMany([holderId]) : [null];
    const owner = holder?.ownerId ? await loadUser(actor, holder.ownerId) : null;
    return new DuplicateCustomerError(field, holderId ?? "", holder?.name ?? value, owner?.name ?? null);
  }
  if (error.failed.some((f) => f.startsWith("owner:"))) return new OwnershipLimitError((await actor.org()).maxCustomersPerOwner);
  if (error.failed.includes(`customer:${attempted.id}`)) {
    const [current] = await store.customers.getMany([attempted.id]);
    if (!current) return new NotFoundError("Customer", attempted.id);
    if (attempted.ownerId === actor.viewer.id && current.ownerId && current.ownerId !== actor.viewer.id) {
      const owner = await loadUser(actor, current.ownerId);
      return new CustomerAlreadyOwnedError(owner?.name ?? current.ownerId);
    }
    return new VersionConflictError(current, current.version);
  }
  return error;
}
