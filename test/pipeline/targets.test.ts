import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { advance, newDeal, yuan } from "../support/pipeline";

/**
 * GM 周总 → manager 王海涛 → { rep 陈刚, manager 赵磊 → rep 刘洋 }; GM → manager 李晓燕 → rep 黄磊.
 * December targets: 王海涛 ¥200,000, 陈刚 ¥1,000,000, 刘洋 ¥500,000, 黄磊 ¥2,000,000.
 * 陈刚 wins a ¥800,000 deal in December (closed-won, whatever exactly it counts, is the same in every grouping).
 */
let app: TestApp;
let gm: User;
let wang: User;
let zhao: User;
let chen: User;
let liu: User;
let li: User;
let huang: User;

const FORECAST = `query($period: String!, $groupBy: ForecastGroupBy) { forecast(period: $period, groupBy: $groupBy) {
  rows { label target { fen } attainment closedWon { fen } } total { target { fen } attainment closedWon { fen } } } }`;
const SET = `mutation($input: SetTargetInput!) { setTarget(input: $input) { __typename } }`;
const fen = (y: number) => y * 100;
const row = (f: any, label: string) => f.rows.find((r: any) => r.label === label);
const totals = async (viewer: User) =>
  Promise.all(
    ["REP", "TEAM", "REGION"].map(async (groupBy) => (await app.ok(viewer, FORECAST, { period: "2026-12", groupBy })).forecast.total),
  );

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  gm = await app.user({ name: "周总", roles: ["GM"] });
  wang = await app.user({ name: "王海涛", roles: ["MANAGER"], managerId: gm.id, region: "华东" });
  zhao = await app.user({ name: "赵磊", roles: ["MANAGER"], managerId: wang.id, region: "华东" });
  chen = await app.user({ name: "陈刚", managerId: wang.id, region: "华东" });
  liu = await app.user({ name: "刘洋", managerId: zhao.id, region: "华东" });
  li = await app.user({ name: "李晓燕", roles: ["MANAGER"], managerId: gm.id, region: "华南" });
  huang = await app.user({ name: "黄磊", managerId: li.id, region: "华南" });

  app.clock.set("2026-12-03T02:00:00Z");
  const id = await newDeal(app, chen, { amount: yuan(800_000), expectedCloseOn: "2026-12-10" });
  await advance(app, chen, id, "CONTRACT_SIGNED", { amount: yuan(800_000), expectedCloseOn: "2026-12-10" });
  for (const [u, amount] of [[wang, 200_000], [chen, 1_000_000], [liu, 500_000], [huang, 2_000_000]] as const) {
    await app.ok(gm, SET, { input: { userId: gid("User", u.id), period: "2026-12", amount: yuan(amount) } });
  }
});

describe("targets", () => {
  it("gives the same company target and attainment whichever way the forecast is grouped", async () => {
    const [rep, team, region] = await totals(gm);
    expect(rep.target).toEqual({ fen: fen(3_700_000) });
    expect(rep.closedWon.fen).toBeGreaterThan(0);
    expect(rep.attainment).toBeCloseTo(rep.closedWon.fen / fen(3_700_000), 4); // a ratio to 4 decimals
    expect(team).toEqual(rep);
    expect(region).toEqual(rep);
  });

  it("sums a manager's whole team, at any depth and with the manager's own, in the TEAM row", async () => {
    const f = (await app.ok(gm, FORECAST, { period: "2026-12", groupBy: "TEAM" })).forecast;
    // 王海涛 200,000 + 陈刚 1,000,000 + 赵磊's team (刘洋 500,000)
    expect(row(f, "王海涛团队").target).toEqual({ fen: fen(1_700_000) });
    expect(row(f, "赵磊团队").target).toEqual({ fen: fen(500_000) });
    expect(row(f, "李晓燕团队").target).toEqual({ fen: fen(2_000_000) });
  });

  it("lets a team target stand for the team, in its row and in every total", async () => {
    await app.ok(gm, SET, { input: { teamId: gid("User", wang.id), period: "2026-12", amount: yuan(3_000_000) } });

    const f = (await app.ok(gm, FORECAST, { period: "2026-12", groupBy: "TEAM" })).forecast;
    expect(row(f, "王海涛团队").target).toEqual({ fen: fen(3_000_000) });
    const [rep, team, region] = await totals(gm);
    // 王海涛's team 3,000,000 (in place of its people's own) + 黄磊 2,000,000
    expect(rep.target).toEqual({ fen: fen(5_000_000) });
    expect(rep.attainment).toBeCloseTo(rep.closedWon.fen / fen(5_000_000), 4);
    expect(team).toEqual(rep);
    expect(region).toEqual(rep);

    // The manager sees their team's target as the total; a rep their own
    const [mRep, mTeam, mRegion] = await totals(wang);
    expect(mRep.target).toEqual({ fen: fen(3_000_000) });
    expect([mTeam, mRegion]).toEqual([mRep, mRep]);
    const [own, ownTeam] = await totals(chen);
    expect(own.target).toEqual({ fen: fen(1_000_000) });
    expect(own.attainment).toBeCloseTo(own.closedWon.fen / fen(1_000_000), 4);
    expect(ownTeam).toEqual(own);
  });
});
