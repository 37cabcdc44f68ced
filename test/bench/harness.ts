import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { createGraphqlServer } from "../../functions/http/graphql";
import { lambdaAdapter } from "../../functions/http/lambda";
import type { Deps } from "../../functions/core/actor";
import type { Db } from "../../functions/store/client";
import { httpApiEvent } from "../support/app";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject).listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export interface Measured {
  p50: number;
  p95: number;
  /** DynamoDB calls per request, min–max over the runs. */
  roundTrips: [number, number];
  /** Items DynamoDB evaluated per request, min–max. */
  items: [number, number];
}

/** Calls the GraphQL Lambda handler in process, as API Gateway would, and times each request. */
export function benchClient(deps: Deps, db: Db) {
  const handler = lambdaAdapter(createGraphqlServer(deps));
  async function call(userId: string, query: string, variables?: Record<string, unknown>) {
    const res = await handler(httpApiEvent({ query, variables }, { sub: userId }));
    const out = typeof res === "string" ? { body: res } : res;
    const body = JSON.parse(out.body ?? "{}");
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }
  async function measure(runs: number, request: (i: number) => Promise<unknown>): Promise<Measured> {
    for (let i = 0; i < 5; i++) await request(i); // warm-up
    const times: number[] = [];
    const trips: number[] = [];
    const items: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [calls, read] = [db.stats.calls, db.stats.itemsRead];
      const t0 = performance.now();
      await request(i);
      times.push(performance.now() - t0);
      trips.push(db.stats.calls - calls);
      items.push(db.stats.itemsRead - read);
    }
    times.sort((a, b) => a - b);
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      roundTrips: [Math.min(...trips), Math.max(...trips)],
      items: [Math.min(...items), Math.max(...items)],
    };
  }
  async function throughput(seconds: number, concurrency: number, request: (i: number) => Promise<unknown>) {
    const end = performance.now() + seconds * 1000;
    let done = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        while (performance.now() < end) {
          await request(done + w);
          done++;
        }
      }),
    );
    return done / seconds;
  }
  return { call, measure, throughput };
}

const span = ([a, b]: [number, number]) => (a === b ? `${a}` : `${a}–${b}`);
export const fmt = (m: Measured) =>
  `p50 ${m.p50.toFixed(1).padStart(6)} ms  p95 ${m.p95.toFixed(1).padStart(6)} ms  calls ${span(m.roundTrips).padStart(3)}  items read ${span(m.items)}`;
