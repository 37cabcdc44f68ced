import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { collectionsTeam, pay, SET_PLAN, signedContract } from "./support";

/** Aging buckets, DSO and collection rates, checked against figures worked out by hand; each person sees their own scope. */
let app: TestApp;
let gm: User;
let manager: User;
let rep: User;
let otherRep: User;
let finance: User;

const RECEIVABLES = `query($asOf: Date!, $filter: ReceivablesFilter) { receivables(asOf: $asOf, filter: $filter) {
  asOf outstanding { fen } dueOutstanding { fen } dueLast90Days { fen } dso
  aging { bucket amount { fen } instalments }
  byRep { owner { name } due { fen } collected { fen } rate }
  byCustomer { customer { id } due { fen } collected { fen } rate } } }`;
const report = (as: User, asOf: string, filter?: Record<string, unknown>) => app.gql(as, RECEIVABLES, { asOf, filter });

beforeAll(async () => {
  app = await testApp();
  const team = await collectionsTeam(app);
  ({ gm, manager, rep, finance } = team);
  otherRep = await app.user({ name: "李娜", roles: ["REP"], managerId: gm.id });

  // The rep's contract, signed 2026-06-30: ¥10,000 in six fixed instalments, some long past due by 11-23.
  app.clock.set(new Date("2026-06-30T02:00:00Z"));
  const mine = await signedContract(app, rep, { amountFen: 1_000_000 });
  await app.ok(finance, SET_PLAN, {
    id: mine.id,
    plan: [
      { label: "一期", amount: { fen: 100_000 }, dueOn: "2026-07-01" },
      { label: "二期", amount: { fen: 200_000 }, dueOn: "2026-09-01" },
      { label: "三期", amount: { fen: 150_000 }, dueOn: "2026-10-10" },
      { label: "四期", amount: { fen: 250_000 }, dueOn: "2026-11-13" },
      { label: "五期", amount: { fen: 100_000 }, dueOn: "2026-11-23" },
      { label: "六期", amount: { fen: 200_000 }, dueOn: "2026-12-31" },
    ],
  });

  // Another team's contract, signed 2026-10-30: ¥4,000 due 2026-10-31, nothing received by 11-23; ¥1,000 on 11-24.
  app.clock.set(new Date("2026-10-30T02:00:00Z"));
  const theirs = await signedContract(app, otherRep, { amountFen: 400_000 });
  await app.ok(finance, SET_PLAN, { id: theirs.id, plan: [{ label: "全款", percent: 100, dueOn: "2026-10-31" }] });

  // ¥1,200 received on 11-23: oldest first, ¥1,000 pays 一期 and ¥200 goes to 二期.
  app.clock.set(new Date("2026-11-23T02:00:00Z"));
  await pay(app, finance, { contractId: mine.id, amount: { fen: 120_000 }, receivedOn: "2026-11-23", reference: `AG-${mine.id}` });
  app.clock.set(new Date("2026-11-24T02:00:00Z"));
  await pay(app, finance, { contractId: theirs.id, amount: { fen: 100_000 }, receivedOn: "2026-11-24", reference: `AG-${theirs.id}` });
});

describe("receivables", () => {
  it("ages what is owed on a day, with DSO and collection rates, from the payments received by that day", async () => {
    // Act
    const res = await report(finance, "2026-11-23");

    // Assess, by hand as of 2026-11-23 (the later ¥1,000 does not count yet):
    //   outstanding: 二期 1,800 (83 days late) · 三期 1,500 (44) · 四期 2,500 (10) · 五期 1,000 (due today) · 六期 2,000 (not due) · 全款 4,000 (23)
    //   not due 1,000 + 2,000 = 3,000; 1–30 2,500 + 4,000 = 6,500; 31–60 1,500; 61–90 1,800; over 90 0
    //   DSO: due by the day and unpaid 1,800 + 1,500 + 2,500 + 1,000 + 4,000 = 10,800; fell due 2026-08-26..11-23:
    //   2,000 + 1,500 + 2,500 + 1,000 + 4,000 = 11,000 → 10,800 ÷ 11,000 × 90 = 88.36 → 88.4
    //   rates: the rep 1,200 of 8,000 due = 0.15; the other rep 0 of 4,000
    const r = res.data.receivables;
    expect(r.aging).toEqual([
      { bucket: "NOT_DUE", amount: { fen: 300_000 }, instalments: 2 },
      { bucket: "DAYS_1_30", amount: { fen: 650_000 }, instalments: 2 },
      { bucket: "DAYS_31_60", amount: { fen: 150_000 }, instalments: 1 },
      { bucket: "DAYS_61_90", amount: { fen: 180_000 }, instalments: 1 },
      { bucket: "OVER_90", amount: { fen: 0 }, instalments: 0 },
    ]);
    expect(r).toMatchObject({ asOf: "2026-11-23", outstanding: { fen: 1_280_000 }, dueOutstanding: { fen: 1_080_000 }, dueLast90Days: { fen: 1_100_000 }, dso: 88.4 });
    expect(r.byRep).toEqual([
      { owner: { name: rep.name }, due: { fen: 800_000 }, collected: { fen: 120_000 }, rate: 0.15 },
      { owner: { name: otherRep.name }, due: { fen: 400_000 }, collected: { fen: 0 }, rate: 0 },
    ]);
    expect(r.byCustomer.map((x: any) => [x.due.fen, x.collected.fen, x.rate])).toEqual([
      [800_000, 120_000, 0.15],
      [400_000, 0, 0],
    ]);

    // A day later the ¥1,000 counts, and 五期 is a day late.
    const next = (await report(finance, "2026-11-24")).data.receivables;
    expect(next.outstanding.fen).toBe(1_180_000);
    expect(next.aging.find((b: any) => b.bucket === "DAYS_1_30")).toEqual({ bucket: "DAYS_1_30", amount: { fen: 650_000 }, instalments: 3 });
    expect(next.byRep[1]).toMatchObject({ collected: { fen: 100_000 }, rate: 0.25 });
  });

  it("shows a rep their own contracts, a manager their team's, finance and GM everyone's", async () => {
    // Act
    const [own, team, all, other, snooping, filtered] = await Promise.all([
      report(rep, "2026-11-23"),
      report(manager, "2026-11-23"),
      report(gm, "2026-11-23"),
      report(otherRep, "2026-11-23"),
      report(rep, "2026-11-23", { ownerId: gid("User", otherRep.id) }),
      report(finance, "2026-11-23", { ownerId: gid("User", otherRep.id) }),
    ]);

    // Assess
    expect(own.data.receivables.outstanding.fen).toBe(880_000);
    expect(own.data.receivables.byRep.map((x: any) => x.owner.name)).toEqual([rep.name]);
    expect(team.data.receivables.outstanding.fen).toBe(880_000);
    expect(all.data.receivables.outstanding.fen).toBe(1_280_000);
    expect(other.data.receivables.outstanding.fen).toBe(400_000);
    expect(snooping.errors?.[0].extensions?.code).toBe("ForbiddenError");
    expect(filtered.data.receivables).toMatchObject({ outstanding: { fen: 400_000 }, dso: 90 });
  });

  it("refuses people who own no sales and a filter that is not an id, rather than showing zeros", async () => {
    // Prepare
    const tech = await app.user({ name: "马志远", roles: ["TECH"] });

    // Act
    const [byTech, garbage] = await Promise.all([report(tech, "2026-11-23"), report(finance, "2026-11-23", { ownerId: "garbage" })]);

    // Assess: "nothing owed" would be a wrong answer, not an empty one
    expect(byTech.errors?.[0].extensions?.code).toBe("ForbiddenError");
    expect(garbage.errors?.[0]).toMatchObject({ message: "输入有误：负责人编号无效", extensions: { code: "ValidationError", fields: [{ path: ["filter", "ownerId"], code: "INVALID_ID" }] } });
  });
});
