import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { digestsTo, setOrganization, shanghai } from "../digest/support";
import { collectionsTeam, pay, SET_PLAN, signedContract } from "./support";

/** Collections due today or overdue and unpaid are in finance's and the owner's daily digest, not in anyone else's. */
let app: TestApp;
let rep: User;
let finance: User;
let otherRep: User;
let number: string;

beforeAll(async () => {
  app = await testApp();
  const team = await collectionsTeam(app);
  ({ rep, finance } = team);
  otherRep = await app.user({ name: "李娜", roles: ["REP"] });
  const admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  await setOrganization(app, admin, { digestTime: "08:30" });
  // Signed on Friday 2026-11-20, the advance due that day.
  app.clock.set(new Date("2026-11-20T02:00:00Z"));
  const c = await signedContract(app, rep, { amountFen: 1_000_000 });
  number = c.number;
  await app.ok(finance, SET_PLAN, {
    id: c.id,
    plan: [
      { label: "预付款", amount: { fen: 300_000 }, dueOn: "2026-11-20" },
      { label: "到货款", amount: { fen: 500_000 }, dueOn: "2026-11-25" },
      { label: "质保金", amount: { fen: 200_000 }, dueOn: "2027-11-25" },
    ],
  });
  app.clock.set(new Date("2026-11-23T02:00:00Z"));
  await pay(app, finance, { contractId: c.id, amount: { fen: 100_000 }, receivedOn: "2026-11-23", reference: `DG-${c.id}` });
});

describe("COLLECTIONS in the daily digest", () => {
  it("lists the overdue advance and the payment due today for finance and the owner", async () => {
    // Act: Wednesday 2026-11-25, 08:30
    app.clock.set(shanghai("2026-11-25T08:30"));
    await runScheduledJobs(app.deps);

    // Assess
    for (const u of [finance, rep]) {
      const digest = (await digestsTo(u)).find((e) => e.subject.includes("2026-11-25"));
      expect(digest?.body.text).toContain(`合同 ${number}「预付款」已于 2026-11-20 逾期，未收 ¥2,000.00`);
      expect(digest?.body.text).toContain(`合同 ${number}「到货款」今日到期，未收 ¥5,000.00`);
      expect(digest?.body.text).not.toContain("质保金");
    }
    const others = await digestsTo(otherRep);
    expect(others.some((e) => e.body.text.includes(number))).toBe(false);
  });
});
