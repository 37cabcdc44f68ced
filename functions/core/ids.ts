import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

let lastTime = -1;
let lastRandom = 0n;

/**
 * A ULID: 48 bits of time then 80 random bits, so ids sort by creation time. Ids made in the same
 * millisecond by this process count up from the last one, so entries written together (a change and
 * its timeline entry, or a test whose clock stands still) keep their order.
 */
export function newId(at: Date = new Date()): string {
  const time = at.getTime();
  if (time === lastTime) {
    lastRandom = (lastRandom + 1n) & ((1n << 80n) - 1n);
  } else {
    lastTime = time;
    lastRandom = BigInt(`0x${randomBytes(10).toString("hex")}`) >> 1n; // headroom to count up
  }
  return encode(BigInt(time), 10) + encode(lastRandom, 16);
}

function encode(value: bigint, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}
