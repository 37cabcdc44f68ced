import { type AttributeValue, fromMap, toMap } from "./marshall";

/**
 * Where a command's input and output hold documents (items, keys, expression values), in every
 * command the store uses: top level, inside `RequestItems` (batches) and `TransactItems`, and in the
 * `Item` a cancellation reason or a failed condition returns. Everything else (names, expressions,
 * table names as keys of `RequestItems`/`Responses`) passes through unchanged.
 */
const DOC_FIELDS = new Set(["Item", "Key", "ExpressionAttributeValues", "ExclusiveStartKey", "Attributes", "LastEvaluatedKey"]);
const DOC_LIST_FIELDS = new Set(["Items", "Keys"]);

type Convert = (map: Record<string, unknown>) => Record<string, unknown>;

/** A command's input with its documents as attribute maps (undefined values dropped). */
export const marshallInput = (input: object): Record<string, unknown> => walk(input, toMap) as Record<string, unknown>;

/** DynamoDB's answer (or an error's body) with its attribute maps as documents. */
export const unmarshallOutput = (output: object): Record<string, unknown> =>
  walk(output, fromMap as (m: Record<string, unknown>) => Record<string, unknown>) as Record<string, unknown>;

function walk(value: unknown, convert: Convert, field?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, convert));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (DOC_FIELDS.has(k) && isObject(v)) out[k] = convert(v as Record<string, AttributeValue>);
    else if (DOC_LIST_FIELDS.has(k) && Array.isArray(v)) out[k] = v.map((d) => convert(d));
    // BatchGetItem's Responses: table name -> items.
    else if (k === "Responses" && field === undefined && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([t, items]) => [t, (items as Record<string, unknown>[]).map((d) => convert(d))]));
    else out[k] = walk(v, convert, k);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
