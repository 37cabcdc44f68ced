import { decodeGlobalID } from "@pothos/plugin-relay";
import { ValidationError } from "../functions/core/errors";
import type { Text } from "../functions/core/text";
import { labelOfPath } from "../functions/core/field-labels";

/**
 * Longer than any id this API issues (ULIDs are 26 characters, approval task hashes 64), far below
 * DynamoDB's key sizes: a longer one is nobody's record, answered as any unknown id rather than
 * reaching the table (which refuses over-long keys with an error).
 */
export const MAX_GLOBAL_ID_LENGTH = 200;

/** Type and local id of a global ID; throws when it is malformed or longer than any issued. */
export function decodeId(globalId: string): { typename: string; id: string } {
  if (globalId.length > MAX_GLOBAL_ID_LENGTH) throw new Error("ID too long");
  return decodeGlobalID(globalId);
}

/** The local id inside a global ID of the given type, or null when it is malformed or of another type. */
export function localId(globalId: string, typename: string): string | null {
  try {
    const { typename: t, id } = decodeId(globalId);
    return t === typename && id ? id : null;
  } catch {
    return null;
  }
}

/**
 * For input fields: a malformed id is a field error like any other, named by `label` (what people call
 * the field, e.g. 期次) or else by the shared field labels of its path.
 */
export function inputId(globalId: string, typename: string, path: string, label?: Text): string {
  const id = localId(globalId, typename);
  if (!id) {
    // The field's label (given, else field-labels.ts by path) names it: "团队编号无效", never the GraphQL type.
    // A label that already says 编号 (the plain `id` field's) is not followed by a second one: "编号无效".
    const named = label ?? labelOfPath(path.split("."));
    const text = { zh: named?.zh.endsWith("编号") ? "无效" : "编号无效", en: "is not a valid ID" };
    throw new ValidationError([{ path: path.split("."), code: "INVALID_ID", text, ...(label ? { label } : {}) }]);
  }
  return id;
}

export const optionalInputId = (globalId: string | null | undefined, typename: string, path: string, label?: Text) =>
  globalId == null ? globalId : inputId(globalId, typename, path, label);
