import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A partner's endpoint on 127.0.0.1: answers each POST with the next status of `statuses` (then
 * 200), and hands the requests to the test in order.
 */
export async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const waiting: ((r: Received) => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status >= 300 ? `failed ${status}` : "ok");
      waiting.splice(0).forEach((w) => w(r));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    /** The `n`th request (1-based), waiting for it up to 5 s. */
    async nth(n: number): Promise<Received> {
      const deadline = Date.now() + 5000;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} request(s), expected ${n}`);
        await new Promise<Received | void>((r) => {
          waiting.push(r);
          setTimeout(r, 200);
        });
      }
      return received[n - 1];
    },
  };
}

/** What a receiver does with `X-Signature: t=…,v1=…`: recompute the HMAC over "t.body" and compare in constant time. */
export function verifySignature(header: string | string[] | undefined, body: string, secret: string): { valid: boolean; t: number } {
  const parts = Object.fromEntries(String(header ?? "").split(",").map((p) => p.split("=") as [string, string]));
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return { valid: given.length === expected.length && timingSafeEqual(given, expected), t: Number(parts.t) };
}
