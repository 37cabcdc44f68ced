import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { advance, LOSE, newDeal, yuan } from "../support/pipeline";

/**
 * A hand-built pipeline whose forecast is worked out below, with the default probabilities
 * (LEAD 10%, FIRST_CONTACT 20%, NEEDS_CONFIRMED 40%, QUOTED 60%):
 *
 * | deal | owner | stage            | amount     | close   | category  | weighted    |
 * | A1   | A     | QUOTED           | 1,000,000  | 2026-12 | COMMIT    |   600,000   |
 * | A2   | A     | NEEDS_CONFIRMED  |   500,000  | 2026-12 | BEST_CASE |   200,000   |
 * | A3   | A     | LEAD             |   200,000  | 2026-12 | PIPELINE  |    20,000   |
 * | B1   | B     | FIRST_CONTACT    |   300,000  | 2026-12 | PIPELINE  |    60,000   |
 * | B2   | B     | CONTRACT_SIGNED in December, 800,000: closed-won           |
 * | C1   | C     | QUOTED           | 2,000,000  | 2026-11 | COMMIT    | 1,200,000   |
 * | C2   | C     | lost in December (was QUOTED, 400,000)                     |
 * | C3   | C     | NEEDS_CONFIRMED  |   150,000  | 2027-01 | PIPELINE  | (outside)   |
 * Teams: A and B under manager M1 (华东), C under M2 (华南).
 * Targets: A ¥1,000,000 for 2026-12; M1's team ¥3,000,000 for 2026-12.
 */
let app: TestApp;
let gm: User;
let m1: User;
let m2: User;
let a: User;
let b: User;
let c: User;

const FORECAST = `query($period: String!, $groupBy: ForecastGroupBy) { forecast(period: $period, groupBy: $groupBy) {
  period rows { key label weightedPipeline { fen } pipeline { fen } bestCase { fen } commit { fen } closedWon { fen formatted }
  openCount wonCount target { fen } attainment }
  total { weightedPipeline { fen } pipeline { fen } bestCase { fen } commit { fen } closedWon { fen } openCount wonCount target { fen } attainment } } }`;

const fen = (yuanAmount: number) => yuanAmount * 100;
const row = (f: any, label: string) => f.rows.find((r: any) => r.label === label);

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  gm = await app.user({ name: "周总", roles: ["GM"] });
  m1 = await app.user({ name: "王海涛", roles: ["MANAGER"], managerId: gm.id, region: "华东" });
  m2 = await app.user({ name: "李晓燕", roles: ["MANAGER"], managerId: gm.id, region: "华南" });
  a = await app.user({ name: "陈刚", managerId: m1.id, region: "华东" });
  b = await app.user({ name: "刘洋", managerId: m1.id, region: "华东" });
  c = await app.user({ name: "黄磊", managerId: m2.id, region: "华南" });

  app.clock.set("2026-11-10T02:00:00Z");
  const deal = async (owner: User, stage: string, amount: number, close: string, category: string) => {
    const id = await newDeal(app, owner, { amount: yuan(amount), expectedCloseOn: close, forecastCategory: category });
    if (stage !== "LEAD") await advance(app, owner, id, stage, { amount: yuan(amount), expectedCloseOn: close });
    return id;
  };
  await deal(a, "QUOTED", 1_000_000, "2026-12-15", "COMMIT");
  await deal(a, "NEEDS_CONFIRMED", 500_000, "2026-12-20", "BEST_CASE");
  await deal(a, "LEAD", 200_000, "2026-12-28", "PIPELINE");
  await deal(b, "FIRST_CONTACT", 300_000, "2026-12-05", "PIPELINE");
  await deal(c, "QUOTED", 2_000_000, "2026-11-30", "COMMIT");
  await deal(c, "NEEDS_CONFIRMED", 150_000, "2027-01-10", "PIPELINE");
  const b2 = await deal(b, "QUOTED", 800_000, "2026-12-10", "COMMIT");
  const c2 = await deal(c, "QUOTED", 400_000, "2026-12-12", "BEST_CASE");
  app.clock.set("2026-12-03T02:00:00Z"); // December in Shanghai
  await advance(app, b, b2, "CONTRACT_SIGNED", { amount: yuan(800_000), expectedCloseOn: "2026-12-10" });
  await app.ok(c, LOSE, { id: c2, reason: "客户选择了进口品牌" });
  await app.ok(gm, `mutation($input: SetTargetInput!) { setTarget(input: $input) { __typename } }`, {
    input: { userId: gid("User", a.id), period: "2026-12", amount: yuan(1_000_000) },
  });
  await app.ok(m1, `mutation($input: SetTargetInput!) { setTarget(input: $input) { __typename } }`, {
    input: { teamId: gid("User", m1.id), period: "2026-12", amount: yuan(3_000_000) },
  });
});

describe("forecast", () => {
  it("gives each rep's weighted pipeline, categories, closed-won and attainment for a month", async () => {
    const f = (await app.ok(gm, FORECAST, { period: "2026-12", groupBy: "REP" })).forecast;
    expect(row(f, "陈刚")).toMatchObject({
      weightedPipeline: { fen: fen(820_000) },
      pipeline: { fen: fen(200_000) },
      bestCase: { fen: fen(500_000) },
      commit: { fen: fen(1_000_000) },
      closedWon: { fen: 0 },
      openCount: 3,
      target: { fen: fen(1_000_000) },
      attainment: 0,
    });
    expect(row(f, "刘洋")).toMatchObject({
      weightedPipeline: { fen: fen(60_000) },
      pipeline: { fen: fen(300_000) },
      closedWon: { fen: fen(800_000), formatted: "¥800,000.00" },
      wonCount: 1,
      target: null,
      attainment: null,
    });
    expect(f.total).toMatchObject({
      weightedPipeline: { fen: fen(880_000) },
      pipeline: { fen: fen(500_000) },
      bestCase: { fen: fen(500_000) },
      commit: { fen: fen(1_000_000) },
      closedWon: { fen: fen(800_000) },
      openCount: 4,
      wonCount: 1,
    });
  });

  it("rolls up by team and by region with their targets", async () => {
    const teams = (await app.ok(gm, FORECAST, { period: "2026-12", groupBy: "TEAM" })).forecast;
    expect(row(teams, "王海涛团队")).toMatchObject({
      weightedPipeline: { fen: fen(880_000) },
      closedWon: { fen: fen(800_000) },
      target: { fen: fen(3_000_000) },
    });
    expect(row(teams, "王海涛团队").attainment).toBe(0.2667); // 800,000 ÷ 3,000,000, a ratio to 4 decimals
    const regions = (await app.ok(gm, FORECAST, { period: "2026-12", groupBy: "REGION" })).forecast;
    expect(row(regions, "华东")).toMatchObject({ weightedPipeline: { fen: fen(880_000) }, target: { fen: fen(1_000_000) }, attainment: 0.8 });
  });

  it("covers a quarter's months, falling back to monthly targets", async () => {
    const q = (await app.ok(gm, FORECAST, { period: "2026-Q4", groupBy: "REP" })).forecast;
    expect(row(q, "黄磊")).toMatchObject({ weightedPipeline: { fen: fen(1_200_000) }, commit: { fen: fen(2_000_000) } });
    expect(row(q, "陈刚").target).toEqual({ fen: fen(1_000_000) });
    expect(q.total.weightedPipeline.fen).toBe(fen(2_080_000));
  });

  it("shows reps their own figures and managers their team's; TECH none", async () => {
    const own = (await app.ok(a, FORECAST, { period: "2026-12" })).forecast;
    expect(own.rows.map((r: any) => r.label)).toEqual(["陈刚"]);
    const team = (await app.ok(m1, FORECAST, { period: "2026-12" })).forecast;
    expect(team.rows.map((r: any) => r.label).sort()).toEqual(["刘洋", "陈刚"].sort());
    const tech = await app.user({ roles: ["TECH"] });
    const refused = await app.gql(tech, FORECAST, { period: "2026-12" });
    expect(refused.errors?.[0].extensions?.code).toBe("ForbiddenError");
    const bad = await app.gql(gm, FORECAST, { period: "December" });
    expect(bad.errors?.[0].extensions?.code).toBe("ValidationError");
    expect(bad.errors?.[0].message).toContain("期间格式应为 2026-11、2026-Q4 或 2026");
  });

  it("lets managers set targets for their own team only", async () => {
    const SET = `mutation($input: SetTargetInput!) { setTarget(input: $input) { __typename ... on Target { period amount { fen } isTeam } } }`;
    expect((await app.ok(m1, SET, { input: { userId: gid("User", c.id), period: "2026-12", amount: yuan(1) } })).setTarget.__typename).toBe("ForbiddenError");
    expect((await app.ok(a, SET, { input: { userId: gid("User", a.id), period: "2026-12", amount: yuan(1) } })).setTarget.__typename).toBe("ForbiddenError");
    const both = await app.ok(gm, SET, { input: { userId: gid("User", a.id), teamId: gid("User", m1.id), period: "2026-12", amount: yuan(1) } });
    expect(both.setTarget.__typename).toBe("ValidationError");
    void m2;
  });
});
