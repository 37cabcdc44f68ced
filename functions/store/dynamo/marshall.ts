/**
 * Document values <-> DynamoDB attribute values, as lib-dynamodb does it with the options the store
 * always used (`removeUndefinedValues: true`, `convertClassInstanceToMap: false`, numbers unwrapped):
 * undefined is dropped from maps and lists; null, booleans, numbers (and bigints), strings, binary
 * (Uint8Array, Buffer, ArrayBuffer), arrays, plain objects, Maps and non-empty Sets of strings, numbers
 * or binary are stored; anything else (a Date, a class instance, NaN, an unsafe integer) is an error
 * rather than a silently wrong item. Read numbers beyond the safe integer range come back as bigints.
 */
export type AttributeValue = Record<string, unknown>;

export function toAttribute(value: unknown): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case "string":
      return { S: value };
    case "boolean":
      return { BOOL: value };
    case "number":
    case "bigint":
      return { N: numberText(value) };
  }
  if (isBinary(value)) return { B: base64(value) };
  if (Array.isArray(value)) return { L: value.flatMap((v) => wrapDefined(toAttribute(v))) };
  if (value instanceof Set) return setAttribute(value);
  if (value instanceof Map) return { M: toMap(Object.fromEntries(value)) };
  if (typeof value === "object" && isPlain(value)) return { M: toMap(value as Record<string, unknown>) };
  throw new Error(`Unsupported type passed: ${String(value)}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`);
}

/** A document (an item, a key, expression values) as an attribute map. */
export function toMap(doc: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(doc)) {
    const attr = toAttribute(v);
    if (attr !== undefined) out[k] = attr;
  }
  return out;
}

export function fromAttribute(attr: AttributeValue): unknown {
  // The attribute's one key names its type (for…in, not Object.entries: this runs for every attribute read).
  let type: string | undefined;
  for (const k in attr) {
    type = k;
    break;
  }
  const v = type === undefined ? undefined : attr[type];
  switch (type) {
    case "S":
    case "BOOL":
      return v;
    case "NULL":
      return null;
    case "N":
      return fromNumber(v as string);
    case "B":
      return fromBase64(v as string);
    case "SS":
      return new Set(v as string[]);
    case "NS":
      return new Set((v as string[]).map(fromNumber));
    case "BS":
      return new Set((v as string[]).map(fromBase64));
    case "L":
      return (v as AttributeValue[]).map(fromAttribute);
    case "M":
      return fromMap(v as Record<string, AttributeValue>);
  }
  throw new Error(`Unsupported DynamoDB attribute type ${type}`);
}

export function fromMap(map: Record<string, AttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in map) out[k] = fromAttribute(map[k]);
  return out;
}

function setAttribute(set: Set<unknown>): AttributeValue {
  const items = [...set].filter((v) => v !== undefined);
  if (!items.length) throw new Error("Pass a non-empty set, or options.convertEmptyValues=true.");
  const first = items[0];
  if (typeof first === "string" && items.every((v) => typeof v === "string")) return { SS: items };
  if ((typeof first === "number" || typeof first === "bigint") && items.every((v) => typeof v === "number" || typeof v === "bigint")) {
    return { NS: items.map((v) => numberText(v as number | bigint)) };
  }
  if (isBinary(first) && items.every(isBinary)) return { BS: items.map((v) => base64(v as Uint8Array)) };
  throw new Error("Only Set of string, number, bigint or binary is supported, all of one type.");
}

function numberText(n: number | bigint): string {
  if (typeof n === "bigint") return n.toString();
  if (!Number.isFinite(n)) throw new Error(`Special numeric value ${n} is not allowed`);
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    throw new Error(`Number ${n} is greater than Number.MAX_SAFE_INTEGER. Use BigInt.`);
  }
  return String(n);
}

function fromNumber(text: string): number | bigint {
  const n = Number(text);
  if (Number.isFinite(n) && (n > Number.MAX_SAFE_INTEGER || n < Number.MIN_SAFE_INTEGER)) {
    try {
      return BigInt(text);
    } catch {
      throw new Error(`${text} can't be converted to BigInt. Set options.wrapNumbers to get string value.`);
    }
  }
  return n;
}

const isBinary = (v: unknown): v is Uint8Array | ArrayBuffer => v instanceof Uint8Array || v instanceof ArrayBuffer || ArrayBuffer.isView(v);
const base64 = (v: Uint8Array | ArrayBuffer | ArrayBufferView) =>
  (v instanceof ArrayBuffer ? Buffer.from(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength)).toString("base64");
/** The SDK hands binary back as a plain Uint8Array. */
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
const wrapDefined = <T>(v: T | undefined): T[] => (v === undefined ? [] : [v]);

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}
