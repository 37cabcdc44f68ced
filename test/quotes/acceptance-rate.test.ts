import { beforeAll, describe, expect, it } from "vitest";
import { acceptQuote } from "../../functions/core/quote-response";
import type { User } from "../../functions/core/user";
import { localId } from "../../schema/ids";
import { START, testApp, type TestApp } from "../support/app";
import { quoteFor, received, send, unique } from "./follow-up-support";
import { viewer } from "./tracking-fixtures";

/** quoteAcceptanceRate: quotes first sent in a period, how many a person opened and the customer accepted, and how fast. */
let app: TestApp;
let gm: User;
let east: User;
let south: User;
let [chen, liu, sun]: User[] = [];

const HOUR = 3_600_000;
const RATE = `query($period: String!, $groupBy: ForecastGroupBy) { quoteAcceptanceRate(period: $period, groupBy: $groupBy) {
  period groupBy rows { key label user { name } sent viewed accepted rate medianHoursToFirstView medianHoursToAcceptance }
  total { label sent viewed accepted rate medianHoursToFirstView medianHoursToAcceptance } } }`;

const t0 = new Date(Date.parse(START) + HOUR);
const at = (hours: number) => app.clock.set(new Date(t0.getTime() + hours * HOUR));

/** A person opens the send's link and reads a page (two heartbeats 15 s apart confirm the visit, from the first). */
async function viewed(quoteId: string, sendId: string) {
  const s = await app.deps.store.quoteSends.get(localId(quoteId, "Quote") as string, sendId);
  const [email] = (await received(s!.to[0])).slice(-1);
  const viewId = /\/q\/([A-Za-z0-9_-]{43})/.exec(email.body.text ?? "")?.[1] as string;
  const reader = viewer(app, viewId);
  const opening = await reader.open();
  expect(await reader.beat(opening.visitToken, 1, opening.pageCount ?? 1)).toBe(true);
  app.clock.advance(15_000);
  expect(await reader.beat(opening.visitToken, 1, opening.pageCount ?? 1)).toBe(true);
}

/** The customer accepts through the send's link. */
async function accepted(quoteId: string, sendId: string) {
  const s = await app.deps.store.quoteSends.get(localId(quoteId, "Quote") as string, sendId);
  await acceptQuote(app.deps, s!, { name: "顾晓明", title: "采购经理" }, { ip: "203.0.113.7", userAgent: "Mozilla/5.0" });
}

const rate = async (who: User, period: string, groupBy = "REP") => (await app.ok(who, RATE, { period, groupBy })).quoteAcceptanceRate;

beforeAll(async () => {
  app = await testApp();
  gm = await app.user({ name: "周建国", roles: ["GM"] });
  east = await app.user({ name: "王海涛", roles: ["MANAGER"], region: "华东" });
  south = await app.user({ name: "李晓燕", roles: ["MANAGER"], region: "华南" });
  chen = await app.user({ name: "陈刚", managerId: east.id, region: "华东" });
  liu = await app.user({ name: "刘洋", managerId: east.id, region: "华东" });
  sun = await app.user({ name: "孙倩", managerId: south.id, region: "华南" });

  // Prepare: four quotes first sent in November, one (q5) first sent in December, q1 sent again then
  const quote = async (rep: User) => ({ rep, to: unique("buyer"), ...(await quoteFor(app, rep, [])) });
  const [q1, q2, q3, q4, q5] = [await quote(chen), await quote(chen), await quote(liu), await quote(sun), await quote(sun)];
  at(0);
  const sends = new Map<object, string>();
  for (const q of [q1, q2, q3, q4]) sends.set(q, (await send(app, q.rep, q.quote.id, [q.to])).id);
  at(2);
  await viewed(q1.quote.id, sends.get(q1)!);
  at(4);
  await viewed(q2.quote.id, sends.get(q2)!);
  at(6);
  await viewed(q4.quote.id, sends.get(q4)!);
  at(10);
  await accepted(q1.quote.id, sends.get(q1)!);
  at(30);
  await accepted(q4.quote.id, sends.get(q4)!);
  app.clock.set("2026-12-01T02:00:00.000Z");
  await send(app, chen, q1.quote.id, [unique("another")]);
  const late = await send(app, sun, q5.quote.id, [q5.to]);
  app.clock.advance(HOUR);
  await viewed(q5.quote.id, late.id);
}, 180_000);

describe("quoteAcceptanceRate", () => {
  it("counts each quote in the month of its first send: sent, viewed, accepted, rate and median hours, per rep", async () => {
    // Act
    const nov = await rate(gm, "2026-11");
    const dec = await rate(gm, "2026-12");

    // Assess
    expect(nov.rows).toEqual([
      { key: chen.id, label: "陈刚", user: { name: "陈刚" }, sent: 2, viewed: 2, accepted: 1, rate: 0.5, medianHoursToFirstView: 3, medianHoursToAcceptance: 10 },
      { key: sun.id, label: "孙倩", user: { name: "孙倩" }, sent: 1, viewed: 1, accepted: 1, rate: 1, medianHoursToFirstView: 6, medianHoursToAcceptance: 30 },
      { key: liu.id, label: "刘洋", user: { name: "刘洋" }, sent: 1, viewed: 0, accepted: 0, rate: 0, medianHoursToFirstView: null, medianHoursToAcceptance: null },
    ].sort((a, b) => b.sent - a.sent || a.label.localeCompare(b.label, "zh-CN")));
    expect(nov.total).toEqual({ label: "合计", sent: 4, viewed: 3, accepted: 2, rate: 0.5, medianHoursToFirstView: 4, medianHoursToAcceptance: 20 });
    // December: q5 only (q1's second send is no new quote sent)
    expect(dec.total).toMatchObject({ sent: 1, viewed: 1, accepted: 0, rate: 0, medianHoursToFirstView: 1, medianHoursToAcceptance: null });
    expect((await rate(gm, "2026-Q4")).total).toMatchObject({ sent: 5, viewed: 4, accepted: 2 });
  });

  it("gives the same totals by rep, team and region, and splits them by the people's teams and regions", async () => {
    // Act
    const [byRep, byTeam, byRegion] = [await rate(gm, "2026-11", "REP"), await rate(gm, "2026-11", "TEAM"), await rate(gm, "2026-11", "REGION")];

    // Assess
    expect(byTeam.total).toEqual(byRep.total);
    expect(byRegion.total).toEqual(byRep.total);
    const counts = (rows: { label: string; sent: number; viewed: number; accepted: number }[]) => rows.map((r) => [r.label, r.sent, r.viewed, r.accepted]);
    expect(counts(byTeam.rows)).toEqual([["王海涛团队", 3, 2, 1], ["李晓燕团队", 1, 1, 1]]);
    expect(counts(byRegion.rows)).toEqual([["华东", 3, 2, 1], ["华南", 1, 1, 1]]);
  });

  it("shows a manager their team only, and refuses reps", async () => {
    // Act
    const team = await rate(east, "2026-11");
    const refused = await app.gql(chen, RATE, { period: "2026-11", groupBy: "REP" });
    const badPeriod = await app.gql(gm, RATE, { period: "2026-13" });

    // Assess
    expect(team.total).toMatchObject({ sent: 3, viewed: 2, accepted: 1 });
    expect(team.rows.map((r: { label: string }) => r.label).sort()).toEqual(["刘洋", "陈刚"].sort());
    expect(refused.data?.quoteAcceptanceRate ?? null).toBeNull();
    expect(refused.errors?.[0].extensions?.code).toBe("ForbiddenError");
    expect(badPeriod.errors?.[0].extensions?.code).toBe("ValidationError");
  });
});
