import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvedQuoteOn } from "../support/contracts";
import { newDeal } from "../support/pipeline";

/** SES's delivery, bounce and complaint events (through SNS) moving a quote send on, and telling the rep of a bounce. */
let app: TestApp;
let rep: User;
let handle: (event: unknown) => Promise<void>;

const SEND = `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { __typename ... on QuoteSend { id messageId status } } }`;
const SENDS = `query($id: ID!) { quote(id: $id) { sends { id status messageId bounceType bouncedRecipients } } }`;

async function received(to: string): Promise<{ subject: string; body: { text?: string } }[]> {
  const store = (await (await fetch(`${inject("sesEndpoint")}/store`)).json()) as { emails: { subject: string; destination: { to: string[] }; body: { text?: string } }[] };
  return store.emails.filter((e) => e.destination.to.some((t) => t.includes(to)));
}

/** An SNS event carrying one SES event record, as the Lambda receives it. */
function snsEvent(message: Record<string, unknown>) {
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: "arn:aws-cn:sns:cn-north-1:123456789012:ses-events:1a2b3c4d",
        Sns: {
          Type: "Notification",
          MessageId: randomUUID(),
          TopicArn: "arn:aws-cn:sns:cn-north-1:123456789012:ses-events",
          Subject: null,
          Message: JSON.stringify(message),
          Timestamp: "2026-03-02T02:00:01.000Z",
          SignatureVersion: "1",
          Signature: "EXAMPLE",
          SigningCertUrl: "https://sns.cn-north-1.amazonaws.com.cn/cert.pem",
          UnsubscribeUrl: "https://sns.cn-north-1.amazonaws.com.cn/?Action=Unsubscribe",
          MessageAttributes: {},
        },
      },
    ],
  };
}

const mail = (messageId: string, to: string) => ({
  timestamp: "2026-03-02T01:59:58.000Z",
  source: "sales-noreply@jierui.example",
  sourceArn: "arn:aws-cn:ses:cn-north-1:123456789012:identity/jierui.example",
  sendingAccountId: "123456789012",
  messageId,
  destination: [to],
  headersTruncated: false,
  tags: { "ses:configuration-set": ["sales-events"] },
});

const delivery = (messageId: string, to: string) => ({
  eventType: "Delivery",
  mail: mail(messageId, to),
  delivery: { timestamp: "2026-03-02T02:00:00.000Z", processingTimeMillis: 2003, recipients: [to], smtpResponse: "250 2.6.0 Message received", reportingMTA: "a8-70.smtp-out.amazonses.com" },
});

const bounce = (messageId: string, to: string, bounceType: "Permanent" | "Transient") => ({
  eventType: "Bounce",
  mail: mail(messageId, to),
  bounce: {
    bounceType,
    bounceSubType: bounceType === "Permanent" ? "General" : "MailboxFull",
    bouncedRecipients: [{ emailAddress: to, action: "failed", status: bounceType === "Permanent" ? "5.1.1" : "4.2.2", diagnosticCode: "smtp; 550 5.1.1 user unknown" }],
    timestamp: "2026-03-02T02:00:00.000Z",
    feedbackId: "01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000",
    reportingMTA: "dsn; mta.customer.example",
  },
});

async function sentQuote() {
  const opportunityId = await newDeal(app, rep);
  const quote = await approvedQuoteOn(app, rep, opportunityId);
  const to = `li.na.${randomUUID().slice(0, 8)}@customer.example`;
  const sent = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() } })).sendQuote;
  expect(sent).toMatchObject({ __typename: "QuoteSend", status: "SENT" });
  const sends = async () => (await app.ok(rep, SENDS, { id: quote.id })).quote.sends;
  const [send] = await sends();
  return { quote, to, messageId: send.messageId as string, sends };
}

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  rep = await app.user({ name: "陈刚", roles: ["REP"] });
  app.lambdaEnv();
  const { sesEventsHandler } = await import("../../functions/handlers/ses-events");
  handle = sesEventsHandler(app.deps) as (event: unknown) => Promise<void>;
});

describe("SES events on quote sends", () => {
  it("a delivery event marks the send DELIVERED", async () => {
    const { to, messageId, sends } = await sentQuote();

    await handle(snsEvent(delivery(messageId, to)));

    expect((await sends())[0]).toMatchObject({ status: "DELIVERED", bounceType: null, bouncedRecipients: [] });
  });

  it("a permanent bounce marks the send BOUNCED and tells the rep once, however often SES reports it", async () => {
    const { quote, to, messageId, sends } = await sentQuote();
    await handle(snsEvent(delivery(messageId, to)));

    await handle(snsEvent(bounce(messageId, to, "Permanent")));
    await handle(snsEvent(bounce(messageId, to, "Permanent")));

    expect((await sends())[0]).toMatchObject({ status: "BOUNCED", bounceType: "Permanent", bouncedRecipients: [to] });
    const told = await received(rep.email);
    const about = told.filter((e) => e.subject.includes(`报价单 ${quote.number} 被退回`));
    expect(about).toHaveLength(1);
    expect(about[0].body.text).toContain(`报价单 ${quote.number} 发送至 ${to} 被退回（收件地址无效），请核实客户邮箱后重新发送。`);
  });

  it("a transient bounce is recorded without telling the rep", async () => {
    const { quote, to, messageId, sends } = await sentQuote();

    await handle(snsEvent(bounce(messageId, to, "Transient")));

    expect((await sends())[0]).toMatchObject({ status: "BOUNCED", bounceType: "Transient", bouncedRecipients: [to] });
    expect((await received(rep.email)).filter((e) => e.subject.includes(`报价单 ${quote.number} 被退回`))).toHaveLength(0);
  });

  it("a late delivery event does not undo a bounce, and an unknown message id is ignored", async () => {
    const { to, messageId, sends } = await sentQuote();
    await handle(snsEvent(bounce(messageId, to, "Permanent")));

    await handle(snsEvent(delivery(messageId, to)));
    await handle(snsEvent(bounce(`unknown-${randomUUID()}`, to, "Permanent")));

    expect((await sends())[0]).toMatchObject({ status: "BOUNCED", bounceType: "Permanent" });
  });
});
