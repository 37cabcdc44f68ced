import { decodeGlobalID } from "@pothos/plugin-relay";
import { ValidationError } from "../functions/core/errors";
import type { Text } from "../functions/core/text";

/** The local id inside a global ID of the given type, or null when it is malformed or of another type. */
export function localId(globalId: string, typename: string): string | null {
  try {
    const { typename: t, id } = decodeGlobalID(globalId);
    return t === typename && id ? id : null;
  } catch {
    return null;
  }
}

/**
 * For input fields: a malformed id is a field error like any other. With `label` (what people call
 * the field, e.g. 期次) the message names it instead of the GraphQL type.
 */
export function inputId(globalId: string, typename: string, path: string, label?: Text): string {
  const id = localId(globalId, typename);
  if (!id) {
    const text = label ? { zh: "编号无效", en: "is not a valid ID" } : { zh: `不是有效的${typename} ID`, en: `is not a ${typename} ID` };
    throw new ValidationError([{ path: path.split("."), code: "INVALID_ID", text, ...(label ? { label } : {}) }]);
  }
  return id;
}

export const optionalInputId = (globalId: string | null | undefined, typename: string, path: string, label?: Text) =>
  globalId == null ? globalId : inputId(globalId, typename, path, label);
