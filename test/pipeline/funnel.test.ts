import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { approvedQuoteOn, winDeal } from "../support/contracts";
import { LOSE, MOVE, newDeal, upload, yuan } from "../support/pipeline";

/**
 * One rep's December (times at 10:00 Shanghai):
 * - D1: lead Dec 1 → first contact Dec 3 → needs confirmed Dec 6 → quoted Dec 10 → signed Dec 15 (won, 14-day cycle)
 * - D2: lead Dec 2 → first contact Dec 4 → lost Dec 8
 * - D3: lead Dec 5 → first contact Dec 9 → back to lead Dec 11 → first contact again Dec 12
 * - D4: lead Nov 20 → first contact Dec 2
 * Entered in December: LEAD 3 (D1–D3), FIRST_CONTACT 4 (D3 counted once), NEEDS_CONFIRMED 1, QUOTED 1, SIGNED 1.
 * Cohort conversion: of December's 3 leads all 3 reached first contact (D4 converts November's lead).
 * LEAD stays ending in December: 2, 2, 4, 1, 12 days → median 2. FIRST_CONTACT: 3, 4, 2 → median 3.
 */
let app: TestApp;
let gm: User;
let rep: User;
let other: User;

const FUNNEL = `query($period: String!, $filter: FunnelFilter) { funnel(period: $period, filter: $filter) {
  stages { stage label entered enteredAmount { fen } conversionToNext medianDwellDays } wonCount lostCount winRate averageCycleDays } }`;

const day = (d: string) => `2026-${d}T02:00:00Z`;
const EVIDENCE: Record<string, string> = { NEEDS_CONFIRMED: "REQUIREMENT_DOCUMENT" };
const QUALIFIED = {
  amount: yuan(100_000),
  expectedCloseOn: "2026-12-31",
  budget: yuan(100_000),
  decisionMaker: "采购部长",
  useCase: "阀门更换",
  productLines: ["闸阀"],
};

async function step(id: string, toStage: string, date: string, reason?: string) {
  app.clock.set(day(date));
  if (toStage === "CONTRACT_SIGNED") return void (await winDeal(app, rep, id));
  if (toStage === "QUOTED") await approvedQuoteOn(app, rep, id);
  if (EVIDENCE[toStage]) await upload(app, rep, id, EVIDENCE[toStage]);
  const res = (await app.ok(rep, MOVE, { input: { id, toStage, reason } })).moveOpportunity;
  if (res.__typename !== "Opportunity") throw new Error(JSON.stringify(res));
}

async function lead(date: string) {
  app.clock.set(day(date));
  return newDeal(app, rep, QUALIFIED);
}

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  gm = await app.user({ roles: ["GM"] });
  rep = await app.user({ name: "陈刚" });
  other = await app.user({ name: "别人" });
  const d4 = await lead("11-20");
  const d1 = await lead("12-01");
  const d2 = await lead("12-02");
  await step(d4, "FIRST_CONTACT", "12-02");
  await step(d1, "FIRST_CONTACT", "12-03");
  await step(d2, "FIRST_CONTACT", "12-04");
  const d3 = await lead("12-05");
  await step(d1, "NEEDS_CONFIRMED", "12-06");
  app.clock.set(day("12-08"));
  await app.ok(rep, LOSE, { id: d2, reason: "竞品低价" });
  await step(d3, "FIRST_CONTACT", "12-09");
  await step(d1, "QUOTED", "12-10");
  await step(d3, "LEAD", "12-11", "联系人离职,重新建立联系");
  await step(d3, "FIRST_CONTACT", "12-12");
  await step(d1, "CONTRACT_SIGNED", "12-15");
  // Someone else's deal, to be left out by the owner filter.
  app.clock.set(day("12-16"));
  await newDeal(app, other, QUALIFIED);
});

describe("funnel", () => {
  it("counts deals entering each stage, conversion, median dwell, win rate and cycle time for the period", async () => {
    const f = (await app.ok(gm, FUNNEL, { period: "2026-12", filter: { ownerId: gid("User", rep.id) } })).funnel;
    const by = Object.fromEntries(f.stages.map((s: any) => [s.stage, s]));
    expect(f.stages.map((s: any) => [s.stage, s.entered])).toEqual([
      ["LEAD", 3],
      ["FIRST_CONTACT", 4],
      ["NEEDS_CONFIRMED", 1],
      ["QUOTED", 1],
      ["CONTRACT_SIGNED", 1],
      ["DELIVERED_PAID", 0],
    ]);
    expect(by.LEAD).toMatchObject({ label: "线索登记", enteredAmount: { fen: 3 * 100_000 * 100 }, medianDwellDays: 2 });
    expect(by.LEAD.conversionToNext).toBe(1);
    expect(by.FIRST_CONTACT).toMatchObject({ medianDwellDays: 3, conversionToNext: 0.25 });
    expect(by.NEEDS_CONFIRMED).toMatchObject({ medianDwellDays: 4, conversionToNext: 1 });
    expect(by.QUOTED.conversionToNext).toBe(1);
    expect(by.CONTRACT_SIGNED.conversionToNext).toBe(0);
    expect(by.DELIVERED_PAID.conversionToNext).toBeNull();
    expect(f).toMatchObject({ wonCount: 1, lostCount: 1, winRate: 0.5, averageCycleDays: 14 });
  });

  it("converts a stage in the month deals entered it, so a deal that entered the earlier stage before the period never lifts the rate above 100%", async () => {
    const conversion = async (period: string) =>
      Object.fromEntries(
        (await app.ok(gm, FUNNEL, { period, filter: { ownerId: gid("User", rep.id) } })).funnel.stages.map((s: any) => [s.stage, [s.entered, s.conversionToNext]]),
      );
    // D4 entered LEAD in November and FIRST_CONTACT in December: it converts November's lead.
    expect((await conversion("2026-11")).LEAD).toEqual([1, 1]);
    expect((await conversion("2026-12")).LEAD).toEqual([3, 1]);
    const quarter = await conversion("2026-Q4");
    expect(quarter.LEAD).toEqual([4, 1]);
    expect(quarter.FIRST_CONTACT).toEqual([4, 0.25]);
    for (const [, rate] of Object.values(quarter) as [number, number | null][]) if (rate !== null) expect(rate).toBeLessThanOrEqual(1);
  });

  it("includes everyone's deals for the GM and only the rep's own for the rep", async () => {
    const all = (await app.ok(gm, FUNNEL, { period: "2026-12" })).funnel;
    expect(all.stages[0].entered).toBe(4);
    const own = (await app.ok(other, FUNNEL, { period: "2026-12" })).funnel;
    expect(own.stages[0].entered).toBe(1);
    expect(own.winRate).toBeNull();
  });
});
