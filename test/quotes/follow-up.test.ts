import { UpdateCommand } from "../../functions/store/dynamo";
import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import { requestQuoteChanges } from "../../functions/core/quote-response";
import type { User } from "../../functions/core/user";
import { key } from "../../functions/store/keys";
import { localId } from "../../schema/ids";
import { gid, testApp, type TestApp } from "../support/app";
import { mailbox } from "../support/approvals";
import { quoteFor, send, unique } from "./follow-up-support";

/** A sent quote nobody answers: after the organization's hours its owner (and their assistant) is reminded, once. */
let app: TestApp;
let admin: User;
let rep: User;
let assistant: User;

const HOUR = 3_600_000;
const UPDATE_USER = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename ... on Error { message }
  ... on ValidationError { fields { path code } } ... on User { version salesAssistant { name } } } }`;
const SENDS = `query($id: ID!) { quote(id: $id) { sends { id followUpRemindedAt } } }`;

/** The reminders about quote `number` in someone's mailbox. */
const remindersOf = async (u: User, number: string) => (await mailbox(u.email)).filter((e) => e.subject.includes(number) && (e.subject.includes("请跟进") || e.subject.includes("Follow up")));
const sweep = () => runScheduledJobs(app.deps);
const at = (from: Date, hours: number) => app.clock.set(new Date(from.getTime() + hours * HOUR));

/** A quote sent to a new customer a minute from now; when SES took it, and the ids. */
async function sentQuote() {
  const to = unique("gu.xiaoming");
  const q = await quoteFor(app, rep, [{ name: "顾晓明", email: to }]);
  app.clock.advance(60_000);
  const sentAt = app.clock.now();
  const s = await send(app, rep, q.quote.id, [to]);
  return { ...q, send: s, sentAt, quoteLocalId: localId(q.quote.id, "Quote") as string };
}

async function setHours(hours: number) {
  const { organization } = await app.ok(admin, `{ organization { version } }`);
  const res = await app.ok(admin, `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on Organization { quoteFollowUpHours } } }`, {
    input: { expectedVersion: organization.version, quoteFollowUpHours: hours },
  });
  expect(res.updateOrganization.quoteFollowUpHours).toBe(hours);
}

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  rep = await app.user({ name: "陈刚", roles: ["REP"] });
  assistant = await app.user({ name: "周助理", roles: ["REP"] });
  await app.ok(admin, `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }`, { input: { expectedVersion: 0, name: "宁波捷锐流体控制有限公司" } });
});

describe("sales assistant", () => {
  it("is set by ADMIN to an active colleague, never to the person or someone inactive, and not by the person", async () => {
    // Prepare
    const gone = await app.user({ name: "离职助理", active: false });
    const input = (salesAssistantId: string, version = rep.version) => ({ input: { id: gid("User", rep.id), expectedVersion: version, salesAssistantId } });

    // Act
    const byRep = (await app.ok(rep, UPDATE_USER, input(gid("User", assistant.id)))).updateUser;
    const self = (await app.ok(admin, UPDATE_USER, input(gid("User", rep.id)))).updateUser;
    const inactive = (await app.ok(admin, UPDATE_USER, input(gid("User", gone.id)))).updateUser;
    const set = (await app.ok(admin, UPDATE_USER, input(gid("User", assistant.id)))).updateUser;

    // Assess
    expect(byRep.__typename).toBe("ForbiddenError");
    expect(self.fields).toEqual([{ path: ["salesAssistantId"], code: "SELF" }]);
    expect(inactive.fields).toEqual([{ path: ["salesAssistantId"], code: "UNKNOWN_USER" }]);
    expect(set).toMatchObject({ __typename: "User", salesAssistant: { name: "周助理" } });
    rep = await app.reload(rep);
  });
});

describe("72-hour quote follow-up", () => {
  it("reminds the owner and their assistant once, after 72 hours, however often and however concurrently the sweep runs", async () => {
    // Prepare
    const { quote, customerName, sentAt, send: s } = await sentQuote();

    // Act + Assess: nothing at 71 hours, nor at exactly 72
    at(sentAt, 71);
    await sweep();
    at(sentAt, 72);
    await sweep();
    expect(await remindersOf(rep, quote.number)).toHaveLength(0);

    // Just past 72 hours: two sweeps at once, then another
    at(sentAt, 72.02);
    const runs = await Promise.all([sweep(), sweep()]);
    const again = await sweep();
    const [toRep] = await remindersOf(rep, quote.number);
    expect(await remindersOf(rep, quote.number)).toHaveLength(1);
    expect(await remindersOf(assistant, quote.number)).toHaveLength(1);
    expect(runs[0].quoteFollowUps + runs[1].quoteFollowUps).toBeGreaterThanOrEqual(1);
    expect(again.quoteFollowUps).toBe(0);
    expect(toRep.subject).toBe(`请跟进：${customerName}尚未回复报价单 ${quote.number}`);
    // Sent at 10:01 on 23 November in Shanghai (02:01 UTC), and never opened
    expect(toRep.body.text).toContain(`报价单 ${quote.number}（第 1 版）于 ${localTime(sentAt)} 发送给${customerName}`);
    expect(toRep.body.text).toContain("客户至今尚未打开报价单");
    const [forAssistant] = await remindersOf(assistant, quote.number);
    expect(forAssistant.body.text).toContain(`陈刚的报价单 ${quote.number}`);
    const { sends } = (await app.ok(rep, SENDS, { id: quote.id })).quote;
    expect(sends).toEqual([{ id: s.id, followUpRemindedAt: app.clock.now().toISOString() }]);
  }, 90_000);

  it("says when the customer viewed it", async () => {
    // Prepare: the tracking marks the first human view on the send (set here as it would)
    const { quote, quoteLocalId, sentAt, send: s } = await sentQuote();
    at(sentAt, 5);
    await app.db.doc.send(new UpdateCommand({ TableName: app.db.table, Key: key.quoteSend(quoteLocalId, s.id), UpdateExpression: "SET firstHumanViewAt = :at", ExpressionAttributeValues: { ":at": app.clock.now().toISOString() } }));

    // Act
    at(sentAt, 73);
    await sweep();

    // Assess
    const [reminder] = await remindersOf(rep, quote.number);
    expect(reminder.body.text).toContain(`客户已于 ${localTime(new Date(sentAt.getTime() + 5 * HOUR))} 查看过报价单，但尚未接受或提出修改。`);
  }, 90_000);

  it("reminds nobody when the customer answered, or when the rep followed up on the customer or worked on the deal", async () => {
    // Prepare
    const answered = await sentQuote();
    const called = await sentQuote();
    const worked = await sentQuote();
    const noted = await sentQuote();
    const start = app.clock.now();
    at(start, 10);
    // The customer asks for changes through the link of the email
    const send = await app.deps.store.quoteSends.get(answered.quoteLocalId, answered.send.id);
    await requestQuoteChanges(app.deps, send!, { comment: "请把交期改为四周" }, { ip: "203.0.113.7", userAgent: "Mozilla/5.0" });
    // The rep calls the customer…
    const follow = await app.ok(rep, `mutation($input: LogFollowUpInput!) { logFollowUp(input: $input) { __typename } }`, { input: { customerId: called.customerId, kind: "CALL", note: "电话沟通报价" } });
    expect(follow.logFollowUp.__typename).toBe("Customer");
    // …or updates the deal after talking to them
    const { opportunity } = await app.ok(rep, `query($id: ID!) { opportunity(id: $id) { version } }`, { id: worked.opportunityId });
    const updated = await app.ok(rep, `mutation($input: UpdateOpportunityInput!) { updateOpportunity(input: $input) { __typename } }`, {
      input: { id: worked.opportunityId, expectedVersion: opportunity.version, title: "DN300 蝶阀更换（二期）" },
    });
    expect(updated.updateOpportunity.__typename).toBe("Opportunity");
    // A private note is no follow-up with the customer
    const note = await app.ok(rep, `mutation($input: AddPrivateNoteInput!) { addPrivateNote(input: $input) { __typename } }`, { input: { customerId: noted.customerId, text: "记得跟进" } });
    expect(note.addPrivateNote.__typename).toBe("Activity");

    // Act
    at(start, 80);
    await sweep();

    // Assess
    for (const q of [answered, called, worked]) expect(await remindersOf(rep, q.quote.number)).toHaveLength(0);
    expect(await remindersOf(rep, noted.quote.number)).toHaveLength(1);
  }, 120_000);

  it("follows each organization's hours: 24 here, and none when set to 0", async () => {
    // Prepare
    await setHours(24);
    const early = await sentQuote();

    // Act + Assess
    at(early.sentAt, 23);
    await sweep();
    expect(await remindersOf(rep, early.quote.number)).toHaveLength(0);
    at(early.sentAt, 24.5);
    await sweep();
    expect(await remindersOf(rep, early.quote.number)).toHaveLength(1);

    await setHours(0);
    const never = await sentQuote();
    at(never.sentAt, 200);
    await sweep();
    expect(await remindersOf(rep, never.quote.number)).toHaveLength(0);
    await setHours(72);
  }, 120_000);
});

const localTime = (d: Date) => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
