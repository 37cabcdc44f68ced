import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { advance, GET, LOSE, newDeal, UPDATE, yuan } from "../support/pipeline";

let app: TestApp;
let gm: User;
let a: User;
let b: User;
let aDeal: string;
let bDeal: string;

const ACCURACY = `query($period: String!) { forecastAccuracy(period: $period) { period snapshotTakenAt
  rows { label forecast { fen } commit { fen } actual { fen } accuracy } total { forecast { fen } actual { fen } accuracy } } }`;
const fen = (yuanAmount: number) => yuanAmount * 100;

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  gm = await app.user({ name: "周总", roles: ["GM"] });
  a = await app.user({ name: "陈刚" });
  b = await app.user({ name: "刘洋" });
  app.clock.set("2026-11-20T02:00:00Z");
  aDeal = await newDeal(app, a, { forecastCategory: "COMMIT" });
  await advance(app, a, aDeal, "QUOTED", { amount: yuan(1_000_000), expectedCloseOn: "2026-12-15" });
  bDeal = await newDeal(app, b, { forecastCategory: "BEST_CASE" });
  await advance(app, b, bDeal, "NEEDS_CONFIRMED", { amount: yuan(500_000), expectedCloseOn: "2026-12-20" });
});

describe("forecast snapshots and accuracy", () => {
  it("has nothing to compare before the period's snapshot is taken", async () => {
    expect((await app.ok(gm, ACCURACY, { period: "2026-12" })).forecastAccuracy).toBeNull();
  });

  it("keeps the forecast as it stood when the month began in the organization's time zone, once", async () => {
    app.clock.set("2026-11-30T15:55:00Z"); // 23:55 on Nov 30 in Shanghai: still November
    expect((await runScheduledJobs(app.deps)).snapshots).toEqual([`${app.orgId}:2026-11`]);
    app.clock.set("2026-11-30T16:05:00Z"); // 00:05 on Dec 1 in Shanghai
    expect((await runScheduledJobs(app.deps)).snapshots).toEqual([`${app.orgId}:2026-12`]);
    app.clock.set("2026-11-30T16:20:00Z");
    expect((await runScheduledJobs(app.deps)).snapshots).toEqual([]);
  });

  it("compares what was forecast at the start of December with what closed in it", async () => {
    // Act: during December A's deal is signed at a higher amount, B's is lost, a new deal appears.
    app.clock.set("2026-12-10T02:00:00Z");
    const v = (await app.ok(a, GET, { id: aDeal })).opportunity.version;
    await app.ok(a, UPDATE, { input: { id: aDeal, expectedVersion: v, amount: yuan(1_100_000) } });
    await advance(app, a, aDeal, "CONTRACT_SIGNED", { amount: yuan(1_100_000), expectedCloseOn: "2026-12-15" });
    await app.ok(b, LOSE, { id: bDeal, reason: "项目取消" });
    const late = await newDeal(app, b);
    await advance(app, b, late, "QUOTED", { amount: yuan(9_000_000), expectedCloseOn: "2026-12-30" });

    // Assess: A forecast 60% of 1,000,000 = 600,000, closed 1,100,000; B forecast 40% of 500,000, closed 0.
    const acc = (await app.ok(gm, ACCURACY, { period: "2026-12" })).forecastAccuracy;
    expect(acc.snapshotTakenAt).toBe("2026-11-30T16:05:00.000Z");
    const byName = Object.fromEntries(acc.rows.map((r: any) => [r.label, r]));
    expect(byName["陈刚"]).toMatchObject({ forecast: { fen: fen(600_000) }, commit: { fen: fen(1_000_000) }, actual: { fen: fen(1_100_000) } });
    expect(byName["陈刚"].accuracy).toBe(0.1667); // 1 − 500,000 ÷ 600,000, a ratio to 4 decimals
    expect(byName["刘洋"]).toMatchObject({ forecast: { fen: fen(200_000) }, actual: { fen: 0 }, accuracy: 0 });
    expect(acc.total).toMatchObject({ forecast: { fen: fen(800_000) }, actual: { fen: fen(1_100_000) }, accuracy: 0.625 });
  });

  it("keeps the snapshot's weighting when probabilities change later", async () => {
    const admin = await app.user({ roles: ["ADMIN"] });
    await app.ok(admin, `mutation { updateOrganization(input: { expectedVersion: 0, pipeline: { stages: [{ stage: QUOTED, probability: 80 }] } }) { __typename } }`);
    const acc = (await app.ok(gm, ACCURACY, { period: "2026-12" })).forecastAccuracy;
    expect(acc.total.forecast.fen).toBe(fen(800_000));
  });
});
