import { beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app";
import { CREATE_WO, designRequest, move, shanghai, STATS_WO, workOrderTeam } from "./support";

/**
 * workOrderStats against figures worked out by hand (business hours 09:00–18:00, December 2026):
 *
 * | order | dept    | created     | responded   | response h | finished    | resolution h | breach |
 * | A     | TECH    | 12-01 09:00 | 12-01 10:00 | 1          | 12-01 15:00 | 6            | –      |
 * | B     | TECH    | 12-01 10:00 | 12-01 13:00 | 3          | 12-02 10:00 | 8 + 1 = 9    | –      |
 * | C     | TECH    | 12-01 11:00 | 12-01 17:00 | 6 (> 4)    | –           | –            | RESPONSE |
 * | D     | FINANCE | 12-01 09:00 | 12-01 11:15 (rejected)   | 2.25 | 12-01 11:15 | 2.25     | –      |
 *
 * TECH: 3 orders, median response of 1, 3, 6 = 3; median resolution of 6, 9 = 7.5; 1 of 3 breached =
 * 33.333…% → 33.3. FINANCE: 1 order, 2.25 and 2.25, 0%.
 */
let app: TestApp;
let team: Awaited<ReturnType<typeof workOrderTeam>>;

beforeAll(async () => {
  app = await testApp();
  team = await workOrderTeam(app);
  const at = (local: string) => app.clock.set(shanghai(local));
  at("2026-12-01T09:00");
  const a = await designRequest(app, team.rep, { title: "A" });
  const d = (
    await app.ok(team.rep, CREATE_WO, {
      input: { typeKey: "CREDIT_TERM_CHANGE", title: "D", fields: [{ key: "currentTermDays", number: 30 }, { key: "requestedTermDays", number: 90 }, { key: "reason", text: "大客户" }] },
    })
  ).createWorkOrder;
  at("2026-12-01T10:00");
  const b = await designRequest(app, team.rep, { title: "B" });
  await move(app, team.engineer, a.id, "ACKNOWLEDGED");
  at("2026-12-01T11:00");
  const c = await designRequest(app, team.rep, { title: "C" });
  at("2026-12-01T11:15");
  await move(app, team.finance, d.id, "REJECTED", "账期超出授信政策");
  at("2026-12-01T13:00");
  await move(app, team.engineer, b.id, "ACKNOWLEDGED");
  at("2026-12-01T15:00");
  await move(app, team.engineer, a.id, "IN_PROGRESS");
  await move(app, team.engineer, a.id, "RESOLVED");
  at("2026-12-01T17:00");
  await move(app, team.engineer, c.id, "ACKNOWLEDGED");
  at("2026-12-02T10:00");
  await move(app, team.engineer, b.id, "IN_PROGRESS");
  await move(app, team.engineer, b.id, "RESOLVED");
  at("2026-12-02T12:00");
});

describe("workOrderStats", () => {
  it("by department: count, medians in business hours and the breach rate, as computed by hand", async () => {
    // Act
    const rows = (await app.ok(team.gm, STATS_WO, { period: "2026-12", groupBy: "DEPARTMENT" })).workOrderStats;

    // Assess
    expect(rows).toEqual([
      { key: "FINANCE", count: 1, responded: 1, resolved: 1, medianResponseHours: 2.25, medianResolutionHours: 2.25, breached: 0, breachRatePercent: 0 },
      { key: "TECH", count: 3, responded: 3, resolved: 2, medianResponseHours: 3, medianResolutionHours: 7.5, breached: 1, breachRatePercent: 33.3 },
    ]);
  });

  it("by type, for a quarter; an empty period has no rows; a rep may not see it", async () => {
    // Act
    const byType = (await app.ok(team.manager, STATS_WO, { period: "2026-Q4", groupBy: "TYPE" })).workOrderStats;
    const empty = (await app.ok(team.gm, STATS_WO, { period: "2026-11", groupBy: "TYPE" })).workOrderStats;
    const byRep = await app.gql(team.rep, STATS_WO, { period: "2026-12", groupBy: "TYPE" });
    const badPeriod = await app.gql(team.gm, STATS_WO, { period: "十二月", groupBy: "TYPE" });

    // Assess
    expect(byType.map((r: any) => [r.key, r.count, r.breachRatePercent])).toEqual([
      ["CREDIT_TERM_CHANGE", 1, 0],
      ["NON_STANDARD_DESIGN", 3, 33.3],
    ]);
    expect(empty).toEqual([]);
    expect(byRep.errors?.[0]).toMatchObject({ message: "无权执行此操作", extensions: { code: "ForbiddenError" } });
    expect(badPeriod.errors?.[0]).toMatchObject({ extensions: { code: "ValidationError" } });
  });

  it("counts a deadline passing while an order is still open: at 12-09 order C (40 h resolution) is late too, but still one breached order", async () => {
    // Prepare: C's resolution, 40 business hours from 12-01 11:00, fell on 12-07 15:00
    app.clock.set(shanghai("2026-12-09T09:00"));

    // Act
    const rows = (await app.ok(team.gm, STATS_WO, { period: "2026-12", groupBy: "DEPARTMENT" })).workOrderStats;

    // Assess
    expect(rows.find((r: any) => r.key === "TECH")).toMatchObject({ breached: 1, breachRatePercent: 33.3 });
  });
});
