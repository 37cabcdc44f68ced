/**
 * The same value with object keys in one order, all the way down. An item read back from
 * DynamoDB has its maps' keys in whatever order the map came back in, so comparing JSON as
 * stored would log unchanged nested values (contacts, settings) as changed.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
