import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { newDeal } from "../support/pipeline";

let app: TestApp;
let rep: User;
let id: string;

const GET = `query($id: ID!) { opportunity(id: $id) { daysInStage stalled } }`;
const STALLED = `query { opportunities(filter: { stalled: true }) { edges { node { id } } } }`;
const at = async (instant: string) => {
  app.clock.set(instant);
  const one = (await app.ok(rep, GET, { id })).opportunity;
  const listed = (await app.ok(rep, STALLED)).opportunities.edges.some((e: any) => e.node.id === id);
  return { ...one, listed };
};

beforeAll(async () => {
  app = await testApp();
  rep = await app.user({ name: "陈刚" });
  // Entered LEAD (stalled after more than 5 days) at 23:50 on Monday 2026-11-23, Shanghai time
  app.clock.set("2026-11-23T15:50:00Z");
  id = await newDeal(app, rep);
});

describe("days in stage are local days of the organization", () => {
  it("counts a day at local midnight, not 24 hours after entering", async () => {
    expect(await at("2026-11-23T15:59:00Z")).toMatchObject({ daysInStage: 0 }); // 23:59 the same day
    expect(await at("2026-11-23T16:10:00Z")).toMatchObject({ daysInStage: 1 }); // 00:10 the next day
    expect(await at("2026-11-24T15:49:00Z")).toMatchObject({ daysInStage: 1 }); // 23:49 on 11-24
    expect(await at("2026-11-24T16:00:00Z")).toMatchObject({ daysInStage: 2 }); // 00:00 on 11-25
  });

  it("calls a deal stalled, in the deal and in the stalled list, once more whole local days have passed than the stage allows", async () => {
    expect(await at("2026-11-28T15:59:00Z")).toEqual({ daysInStage: 5, stalled: false, listed: false }); // 23:59 on 11-28
    expect(await at("2026-11-28T16:10:00Z")).toEqual({ daysInStage: 6, stalled: true, listed: true }); // 00:10 on 11-29
  });
});
