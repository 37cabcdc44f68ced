import { createHash } from "node:crypto";
import { canonical } from "../canonical";
import { ValidationError } from "../errors";

/** Keys are what clients make them (a UUID, an order number): up to 100 printable characters. */
export const MAX_KEY_LENGTH = 100;
const PRINTABLE = /^[^\p{C}]+$/u;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The key's hash (the table holds no client text in its keys), or a ValidationError on `idempotencyKey`. */
export function checkedKeyHash(key: string): string {
  const length = [...key].length;
  if (length < 1 || length > MAX_KEY_LENGTH || !PRINTABLE.test(key) || !key.trim()) {
    throw new ValidationError([
      {
        path: ["idempotencyKey"],
        code: "INVALID_IDEMPOTENCY_KEY",
        text: { zh: `须为1至${MAX_KEY_LENGTH}个可打印字符`, en: `must be 1 to ${MAX_KEY_LENGTH} printable characters` },
      },
    ]);
  }
  return sha256(key);
}

/** What a request asks for: the mutation and its arguments (the key itself left out). */
export function fingerprintOf(operation: string, input: unknown): string {
  const { idempotencyKey: _key, ...rest } = (input ?? {}) as Record<string, unknown>;
  // Through JSON first: dates become their ISO text, and null fields go (absent ≡ null, as a client may send either).
  const plain: unknown = JSON.parse(JSON.stringify(rest, (_k, v: unknown) => (v === null ? undefined : v)) ?? "null");
  return sha256(JSON.stringify([operation, canonical(plain)]));
}
