import { diffFields, type FieldChange } from "../activity";
import { canonical } from "../canonical";
import { type CustomerFields, EDITABLE_FIELDS } from "./model";

const canonicalFields = (c: CustomerFields) =>
  Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, canonical(c[f])])) as unknown as CustomerFields;

/** What really changed between two versions of a customer's editable fields, as the timeline shows it. */
export function customerChanges(before: CustomerFields | null, after: CustomerFields): FieldChange[] {
  return diffFields(before && canonicalFields(before), canonicalFields(after), EDITABLE_FIELDS);
}
