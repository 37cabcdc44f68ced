import { decodeGlobalID } from "@pothos/plugin-relay";
import { ValidationError } from "../functions/core/errors";

/** The local id inside a global ID of the given type, or null when it is malformed or of another type. */
export function localId(globalId: string, typename: string): string | null {
  try {
    const { typename: t, id } = decodeGlobalID(globalId);
    return t === typename && id ? id : null;
  } catch {
    return null;
  }
}

/** For input fields: a malformed id is a field error like any other. */
export function inputId(globalId: string, typename: string, path: string): string {
  const id = localId(globalId, typename);
  if (!id) {
    throw new ValidationError([
      { path: path.split("."), code: "INVALID_ID", text: { zh: `不是有效的${typename} ID`, en: `is not a ${typename} ID` } },
    ]);
  }
  return id;
}

export const optionalInputId = (globalId: string | null | undefined, typename: string, path: string) =>
  globalId == null ? globalId : inputId(globalId, typename, path);
