import { beforeAll, describe, expect, it } from "vitest";
import { deliver } from "../../functions/core/mail";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";

/** A staff email SES took and then saw bounce for good or complained of is shown to ADMIN: a person who no longer gets their reminders is noticed. */
let app: TestApp;
let admin: User;
let handle: (event: unknown) => Promise<void>;

const PROBLEMS = `{ deliveryProblems(first: 10) { edges { node { emailId problem kind to lastError failedAt } } } }`;

/** The SNS notification carrying one SES event, as the events Lambda receives it (the fields it reads). */
const sns = (message: Record<string, unknown>) => ({ Records: [{ EventSource: "aws:sns", Sns: { Type: "Notification", Message: JSON.stringify(message) } }] });
const mail = (messageId: string, to: string) => ({ timestamp: "2026-11-24T01:00:00.000Z", source: "sales-noreply@jierui.example", messageId, destination: [to] });

async function emailTo(user: User, id: string): Promise<string> {
  await deliver(app.deps, { id, to: user, kind: "NEXT_ACTION", about: { subjectType: "CUSTOMER", subjectId: "c1" }, render: () => ({ subject: "今日待跟进客户", html: "<p>今日待跟进</p>", text: "今日待跟进" }) });
  const [record] = await app.deps.store.outbox.get([id]);
  expect(record).toMatchObject({ status: "SENT" });
  return record!.messageId!;
}

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  app.lambdaEnv();
  const { sesEventsHandler } = await import("../../functions/handlers/ses-events");
  handle = sesEventsHandler(app.deps) as (event: unknown) => Promise<void>;
});

describe("SES events on emails to our people", () => {
  it("lists a permanent bounce and a complaint once each; a transient bounce or a delivery changes nothing", async () => {
    // Prepare: three people, one email each
    const [gone, annoyed, full] = await Promise.all([app.user({ name: "离职员工" }), app.user({ name: "周敏" }), app.user({ name: "吴刚" })]);
    const bounced = await emailTo(gone, `NEXT_ACTION#bounce#${gone.id}`);
    const complained = await emailTo(annoyed, `NEXT_ACTION#complaint#${annoyed.id}`);
    const transient = await emailTo(full, `NEXT_ACTION#transient#${full.id}`);

    // Act: SES reports them, the bounce twice (SNS delivers at least once)
    const permanent = { eventType: "Bounce", mail: mail(bounced, gone.email), bounce: { bounceType: "Permanent", bouncedRecipients: [{ emailAddress: gone.email }], timestamp: "2026-11-24T01:00:05.000Z" } };
    await handle(sns(permanent));
    await handle(sns(permanent));
    await handle(sns({ eventType: "Complaint", mail: mail(complained, annoyed.email), complaint: { complainedRecipients: [{ emailAddress: annoyed.email }], timestamp: "2026-11-24T01:10:00.000Z" } }));
    await handle(sns({ eventType: "Bounce", mail: mail(transient, full.email), bounce: { bounceType: "Transient", bouncedRecipients: [{ emailAddress: full.email }] } }));
    await handle(sns({ eventType: "Delivery", mail: mail(transient, full.email), delivery: { timestamp: "2026-11-24T01:00:02.000Z" } }));

    // Assert: ADMIN sees the bounce and the complaint, newest first, and nothing of the transient one
    const problems = (await app.ok(admin, PROBLEMS)).deliveryProblems.edges.map((e: { node: unknown }) => e.node);
    expect(problems).toEqual([
      { emailId: `NEXT_ACTION#complaint#${annoyed.id}`, problem: "COMPLAINED", kind: "NEXT_ACTION", to: annoyed.email, lastError: `Complaint: ${annoyed.email}`, failedAt: "2026-11-24T01:10:00.000Z" },
      { emailId: `NEXT_ACTION#bounce#${gone.id}`, problem: "BOUNCED", kind: "NEXT_ACTION", to: gone.email, lastError: `Bounce (Permanent): ${gone.email}`, failedAt: "2026-11-24T01:00:05.000Z" },
    ]);
  });
});
