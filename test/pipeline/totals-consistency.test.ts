import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { advance, GET, LOSE, MOVE, newDeal, UPDATE, yuan } from "../support/pipeline";

let app: TestApp;
let gm: User;
let reps: User[];

const PROB: Record<string, number> = { LEAD: 10, FIRST_CONTACT: 20, NEEDS_CONFIRMED: 40, QUOTED: 60 };
const OPEN = Object.keys(PROB);
const ALL = `{ opportunities(first: 200) { edges { node { id stage forecastCategory expectedCloseOn amount { fen } wonAt wonOn wonAmount { fen } owner { id } version } } } }`;
const FORECAST = `query($p: String!) { forecast(period: $p) { total { weightedPipeline { fen } pipeline { fen } bestCase { fen } commit { fen } closedWon { fen } openCount wonCount } } }`;

/** A deterministic sequence of pseudo-random numbers. */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  gm = await app.user({ roles: ["GM"] });
  const m = await app.user({ roles: ["MANAGER"] });
  reps = [await app.user({ managerId: m.id }), await app.user({ managerId: m.id }), m];
});

describe("pipeline totals", () => {
  it("match a recount from the deals themselves after many concurrent edits, moves, losses and hand-overs", async () => {
    // Prepare: 12 deals at various stages
    app.clock.set("2026-12-02T02:00:00Z");
    const random = rng(7);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const owner = reps[i % 2];
      const id = await newDeal(app, owner, { amount: yuan(10_000 * (i + 1)), expectedCloseOn: `2026-12-${String(10 + i).padStart(2, "0")}` });
      const stage = ["LEAD", "FIRST_CONTACT", "NEEDS_CONFIRMED", "QUOTED"][i % 4];
      if (stage !== "LEAD") await advance(app, owner, id, stage, { amount: yuan(10_000 * (i + 1)), expectedCloseOn: `2026-12-${String(10 + i).padStart(2, "0")}` });
      ids.push(id);
    }

    // Act: rounds of concurrent changes; some lose a race (VersionConflictError) and that is fine
    for (let round = 0; round < 6; round++) {
      // Each deal's draws are taken before the requests race, so the scenario is the same on every run.
      const draws = ids.map(() => [random(), random(), random()] as const);
      await Promise.all(
        ids.map(async (id, i) => {
          const [pick, r1, r2] = draws[i];
          const o = (await app.ok(gm, GET, { id })).opportunity;
          if (pick < 0.3) {
            await app.ok(gm, UPDATE, { input: { id, expectedVersion: o.version, amount: yuan(Math.floor(r1 * 90_000) + 1_000), forecastCategory: ["PIPELINE", "BEST_CASE", "COMMIT"][Math.floor(r2 * 3)] } });
          } else if (pick < 0.45) {
            await app.ok(gm, UPDATE, { input: { id, expectedVersion: o.version, expectedCloseOn: r1 < 0.5 ? "2026-12-28" : "2027-01-05" } });
          } else if (pick < 0.55) {
            await app.ok(gm, UPDATE, { input: { id, expectedVersion: o.version, ownerId: gid("User", reps[Math.floor(r1 * reps.length)].id) } });
          } else if (pick < 0.65 && o.stage !== "LOST") {
            await app.ok(gm, LOSE, { id, reason: "测试输单" });
          } else if (pick < 0.8 && o.stage !== "LEAD") {
            await app.ok(gm, MOVE, { input: { id, toStage: "LEAD", reason: "退回重新跟进" } });
          } else if (o.stage === "QUOTED") {
            await advance(app, gm, id, "CONTRACT_SIGNED");
          }
        }),
      );
    }

    // Assess: recount December from the deals as they now stand
    const deals = (await app.ok(gm, ALL)).opportunities.edges.map((e: any) => e.node);
    const dec = deals.filter((d: any) => OPEN.includes(d.stage) && d.expectedCloseOn?.startsWith("2026-12"));
    const sum = (list: any[]) => list.reduce((s, d) => s + (d.amount?.fen ?? 0), 0);
    const expected = {
      weightedPipeline: { fen: Math.round(dec.reduce((s: number, d: any) => s + (d.amount?.fen ?? 0) * PROB[d.stage], 0) / 100) },
      pipeline: { fen: sum(dec.filter((d: any) => d.forecastCategory === "PIPELINE")) },
      bestCase: { fen: sum(dec.filter((d: any) => d.forecastCategory === "BEST_CASE")) },
      commit: { fen: sum(dec.filter((d: any) => d.forecastCategory === "COMMIT")) },
      // Won: the signed contract's amount, in the month of its signing day.
      closedWon: { fen: deals.filter((d: any) => d.wonOn?.startsWith("2026-12")).reduce((s: number, d: any) => s + d.wonAmount.fen, 0) },
      openCount: dec.length,
      wonCount: deals.filter((d: any) => d.wonOn?.startsWith("2026-12")).length,
    };
    expect((await app.ok(gm, FORECAST, { p: "2026-12" })).forecast.total).toEqual(expected);
    expect(deals.some((d: any) => d.stage === "LOST")).toBe(true);
  });
});
