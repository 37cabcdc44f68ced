import type { Actor } from "../actor";
import { newActivity } from "../activity";
import { canEdit } from "../customer/access";
import { customerChanges } from "../customer/changes";
import { type Customer, type CustomerFields, EDITABLE_FIELDS } from "../customer/model";
import { nameKey, searchText } from "../customer/normalize";
import { saveCustomer } from "../customer/save";
import { VersionConflictError } from "../errors";
import { DuplicateCustomerError } from "../customer/errors";

const isEmpty = (v: unknown) => v == null || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * onDuplicate UPDATE_EMPTY_FIELDS: what the existing customer lacks, taken from the row; nothing it
 * has is overwritten. Only customers the importer may edit. A second run finds nothing empty left,
 * so it writes nothing again. Returns whether anything was filled: a fill that cannot land (its
 * credit code taken meanwhile by another customer) is not written at all, and the caller counts
 * the row as skipped rather than failing the whole import.
 */
export async function fillEmptyFields(actor: Actor, customerId: string, row: CustomerFields, note: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [current] = await actor.deps.store.customers.getMany([customerId]);
    if (!current || !(await canEdit(actor, current))) return false;
    const filled = Object.fromEntries(EDITABLE_FIELDS.flatMap((f) => (isEmpty(current[f]) && !isEmpty(row[f]) ? [[f, row[f]]] : [])));
    if (!Object.keys(filled).length) return false;
    const fields = { ...current, ...filled } as Customer;
    const now = actor.deps.clock.now();
    const next: Customer = { ...fields, nameKey: nameKey(fields.name), searchText: searchText(fields), updatedAt: now.toISOString(), version: current.version + 1 };
    const activity = newActivity(
      { orgId: current.orgId, subjectType: "CUSTOMER", subjectId: current.id, kind: "UPDATED", actorId: actor.viewer.id, changes: customerChanges(current, fields), note },
      now,
    );
    try {
      await saveCustomer(actor, { prev: current, next, activity });
      return true;
    } catch (error) {
      if (error instanceof DuplicateCustomerError) return false;
      // Someone saved first: read again and fill what is still empty.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  return false;
}
