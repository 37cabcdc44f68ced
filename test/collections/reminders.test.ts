import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { mailbox } from "../support/approvals";
import { collectionsTeam, pay, remindersOf, REQUEST, SET_PLAN, signedContract } from "./support";

/**
 * Collection reminders at 09:00 Shanghai time: 3 days before the due date when nothing was invoiced
 * or requested, on the due date, the escalation days after, and a first payment missing 30 days
 * after signing. Each once, however often and however concurrently the sweep runs.
 */
let app: TestApp;
let gm: User;
let manager: User;
let rep: User;
let finance: User;
let clerk: User;
let admin: User;

/** Sweeps twice at once and once more at a moment. */
const at = async (iso: string, on: TestApp = app) => {
  const sweep = () => runScheduledJobs(on.deps);
  on.clock.set(new Date(iso));
  await Promise.all([sweep(), sweep()]);
  await sweep();
};
const count = async (u: User, number: string, word: RegExp) => (await remindersOf(u, number)).filter((s) => word.test(s)).length;

beforeAll(async () => {
  app = await testApp();
  const team = await collectionsTeam(app);
  ({ gm, manager, rep, finance } = team);
  clerk = team.clerk;
  admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  // The clerk reads English.
  clerk = { ...clerk, locale: "en" };
  const { UpdateCommand } = await import("../../functions/store/dynamo");
  await app.deps.store.db.doc.send(
    new UpdateCommand({ TableName: app.deps.store.db.table, Key: { pk: `USER#${clerk.id}`, sk: "USER" }, UpdateExpression: "SET locale = :en", ExpressionAttributeValues: { ":en": "en" } }),
  );
});

describe("collection reminders", () => {
  it("remind finance and the owner 3 days before, on the due date, escalate after the organization's days, and remind of a missing first payment, each once", async () => {
    // Prepare: signed 2026-11-23; ¥3,000 due 2026-12-10, ¥7,000 due 2027-03-01. A second contract whose
    // first instalment (due 2026-12-31) had its collection requested, and no payment at all.
    const c = await signedContract(app, rep, { amountFen: 1_000_000 });
    await app.ok(finance, SET_PLAN, {
      id: c.id,
      plan: [
        { label: "预付款", amount: { fen: 300_000 }, dueOn: "2026-12-10" },
        { label: "尾款", amount: { fen: 700_000 }, dueOn: "2027-03-01" },
      ],
    });
    const d = await signedContract(app, rep, { amountFen: 2_000_000 });
    const dPlan = (await app.ok(finance, SET_PLAN, {
      id: d.id,
      plan: [
        { label: "进度款", amount: { fen: 500_000 }, dueOn: "2026-12-31" },
        { label: "尾款", amount: { fen: 1_500_000 }, dueOn: "2027-06-30" },
      ],
    })).setPaymentPlan;
    await app.ok(finance, REQUEST, { id: dPlan.instalments[0].id });
    const everyone = [gm, manager, rep, finance, clerk, admin];

    // Act + Assess: nothing a minute before 09:00 local three days ahead
    await at("2026-12-07T00:59:00Z");
    for (const u of everyone) expect(await remindersOf(u, c.number)).toEqual([]);

    // 09:00 on 2026-12-07: finance (both) and the owner, once each, in their language
    await at("2026-12-07T01:00:00Z");
    await at("2026-12-07T05:00:00Z");
    expect(await remindersOf(finance, c.number)).toEqual([`回款提醒：${(await nameOf(c.id))} 合同 ${c.number}「预付款」将于 2026-12-10 到期，尚未开票或催款`]);
    expect(await count(rep, c.number, /回款提醒/)).toBe(1);
    expect(await remindersOf(clerk, c.number)).toEqual([expect.stringMatching(/^Collection: .* is due on 2026-12-10, not yet invoiced or requested$/)]);
    for (const u of [gm, manager, admin]) expect(await remindersOf(u, c.number)).toEqual([]);

    // On the due date: "due today", once
    await at("2026-12-10T01:00:00Z");
    await at("2026-12-10T09:00:00Z");
    expect(await count(finance, c.number, /回款到期/)).toBe(1);
    expect(await count(rep, c.number, /回款到期/)).toBe(1);
    expect(await count(clerk, c.number, /Due today/)).toBe(1);

    // Part paid on 12-12; 7 days past due (12-17 09:00) the rest is escalated to the finance
    // supervisor and the owner's manager only
    app.clock.set(new Date("2026-12-12T02:00:00Z"));
    await pay(app, finance, { contractId: c.id, amount: { fen: 100_000 }, receivedOn: "2026-12-12", reference: `REM-${c.id}` });
    await at("2026-12-17T00:59:00Z");
    expect(await count(finance, c.number, /逾期/)).toBe(0);
    await at("2026-12-17T01:00:00Z");
    await at("2026-12-18T01:00:00Z");
    expect(await count(finance, c.number, /回款逾期升级/)).toBe(1);
    expect(await count(manager, c.number, /回款逾期升级/)).toBe(1);
    for (const u of [rep, clerk, gm, admin]) expect(await count(u, c.number, /逾期|Overdue/)).toBe(0);
    const escalation = (await mailbox(manager.email)).find((e) => e.subject.includes(c.number))!;
    expect(escalation.subject).toContain("已逾期 7 天");
    expect(escalation.body.text).toContain("尚有 ¥2,000.00 未收（共 ¥3,000.00）");

    // The second contract: its collection was requested, so no 3-days-before reminder (12-28)
    await at("2026-12-23T00:59:00Z");
    expect(await count(finance, d.number, /首款/)).toBe(0);
    // 30 days after signing (12-23 09:00): its first payment is missing; the first contract's is not
    await at("2026-12-23T01:00:00Z");
    await at("2026-12-24T01:00:00Z");
    expect(await count(finance, d.number, /首款未到/)).toBe(1);
    expect(await count(rep, d.number, /首款未到/)).toBe(1);
    expect(await count(clerk, d.number, /No first payment/)).toBe(1);
    expect(await count(finance, c.number, /首款/)).toBe(0);
    await at("2026-12-28T01:00:00Z");
    expect(await count(finance, d.number, /回款提醒/)).toBe(0);
    await at("2026-12-31T01:00:00Z");
    expect(await count(finance, d.number, /回款到期/)).toBe(1);
  }, 180_000);

  it("escalate after the organization's number of days, which ADMIN sets (1–365)", async () => {
    // Prepare
    app.clock.set(new Date("2027-01-04T02:00:00Z"));
    const { organization } = await app.ok(admin, `{ organization { version collectionEscalationDays } }`);
    expect(organization.collectionEscalationDays).toBe(7);
    const UPDATE = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on ValidationError { fields { path code } } ... on Organization { version collectionEscalationDays } } }`;
    const bad = (await app.ok(admin, UPDATE, { input: { expectedVersion: organization.version, collectionEscalationDays: 0 } })).updateOrganization;
    const set = (await app.ok(admin, UPDATE, { input: { expectedVersion: organization.version, collectionEscalationDays: 10 } })).updateOrganization;
    const c = await signedContract(app, rep, { amountFen: 500_000 });
    await app.ok(finance, SET_PLAN, { id: c.id, plan: [{ label: "全款", percent: 100, dueAfterDays: 2 }] });

    // Act + Assess: due 2027-01-06; not escalated 7 days on, escalated 10 days on
    expect(bad.fields).toEqual([{ path: ["collectionEscalationDays"], code: "OUT_OF_RANGE" }]);
    expect(set.collectionEscalationDays).toBe(10);
    await at("2027-01-13T01:00:00Z");
    expect(await count(manager, c.number, /逾期/)).toBe(0);
    await at("2027-01-16T01:00:00Z");
    expect(await count(manager, c.number, /已逾期 10 天/)).toBe(1);
    expect(await count(finance, c.number, /已逾期 10 天/)).toBe(1);
  }, 120_000);
});

describe("overdue escalation without a finance supervisor", () => {
  it("goes to the general manager and the owner's manager when no FINANCE person has FINANCE people reporting to them", async () => {
    // Prepare: another organization with one finance person (reporting to the GM)
    const small = await testApp({ orgId: "small" });
    const { contractTeam } = await import("../support/contracts");
    const t = await contractTeam(small);
    const c = await signedContract(small, t.rep, { amountFen: 300_000 });
    await small.ok(t.finance, SET_PLAN, { id: c.id, plan: [{ label: "全款", percent: 100, dueAfterDays: 5 }] });

    // Act: due 2026-11-28, escalated on 12-05 at 09:00
    await at("2026-12-05T01:00:00Z", small);

    // Assess
    expect(await count(t.gm, c.number, /回款逾期升级/)).toBe(1);
    expect(await count(t.manager, c.number, /回款逾期升级/)).toBe(1);
    expect(await count(t.finance, c.number, /回款逾期升级/)).toBe(0);
    expect(await count(t.rep, c.number, /回款逾期升级/)).toBe(0);
  }, 120_000);
});

describe("reminders caught up when something is recorded", () => {
  it("wait for 09:00 local: a contract signed at 08:40 gets the due-today reminder at 09:00, not a stale pre-due one at once", async () => {
    // Prepare: signed Tuesday 2026-12-01 at 08:40 Shanghai; the advance of the default plan is due that day
    // (its 3-days-before step, 11-28 09:00, passed before the contract existed)
    app.clock.set(new Date("2026-12-01T00:40:00Z"));
    const c = await signedContract(app, rep, { amountFen: 500_000 });

    // Act + Assess: nothing goes out before the working day starts, then only the reminder that matters
    await at("2026-12-01T00:50:00Z");
    expect(await remindersOf(finance, c.number)).toEqual([]);
    await at("2026-12-01T01:00:00Z");
    expect(await count(finance, c.number, /回款到期/)).toBe(1);
    expect(await count(rep, c.number, /回款提醒/)).toBe(0);
    expect(await count(finance, c.number, /回款提醒/)).toBe(0);
  }, 120_000);

  it("say how late a due date is when the reminder goes out after it, not 'due today'", async () => {
    // Prepare: signed 2026-12-01 09:05, the advance due that day; the sweep does not run again until 12-03
    app.clock.set(new Date("2026-12-01T01:05:00Z"));
    const c = await signedContract(app, rep, { amountFen: 500_000 });

    // Act
    await at("2026-12-03T02:00:00Z");

    // Assess
    const subjects = await remindersOf(finance, c.number);
    expect(subjects).toHaveLength(1);
    expect(subjects[0]).toContain(`合同 ${c.number}「预付款」已于 2026-12-01 到期（逾期 2 天）`);
    expect(subjects[0]).not.toContain("今日");
  }, 120_000);
});

async function nameOf(contractId: string) {
  return (await app.ok(finance, `query($id: ID!) { contract(id: $id) { buyerName } }`, { id: contractId })).contract.buyerName;
}
