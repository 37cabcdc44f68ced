import { createHash, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { quoteFor } from "../support/approvals";
import { inbox as received } from "../support/quote-links";
import { approvedQuoteOn } from "../support/contracts";
import { newDeal } from "../support/pipeline";
import { pdfPages, squash } from "../pdf/read-pdf";
import { localId as globalToLocal } from "../../schema/ids";

const localId = (quoteId: string) => globalToLocal(quoteId, "Quote") as string;

/** Sending an approved quote to the customer: SES (the emulator), the archived PDF, once per key. */
let app: TestApp;
let rep: User;


const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const SEND = `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { __typename ... on Error { message }
  ... on ValidationError { fields { path code } } ... on QuoteNotSendableError { quoteStatus }
  ... on QuoteSend { id revision to cc status messageId sha256 pdfFileName pdfUrl sentBy { name } } } }`;
const SENDS = `query($id: ID!) { quote(id: $id) { sends { id revision to status sha256 pdfUrl views firstViewedAt } } }`;

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  const admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  rep = await app.user({ name: "陈刚", roles: ["REP"] });
  const org = await app.ok(
    admin,
    `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on Organization { letterhead { address phone taxId } } } }`,
    { input: { expectedVersion: 0, name: "宁波捷锐流体控制有限公司", letterhead: { address: "浙江省宁波市北仑区黄山西路188号", phone: "0574-8688 1234", taxId: "91330206MA2H3K7X1R" } } },
  );
  expect(org.updateOrganization.letterhead.taxId).toBe("91330206MA2H3K7X1R");
});

describe("sendQuote", () => {
  it("emails the approved revision's PDF, archives it, and a retry with the same key sends nothing twice", async () => {
    // Prepare
    const opportunityId = await newDeal(app, rep);
    const quote = await approvedQuoteOn(app, rep, opportunityId);
    const to = `gu.xiaoming.${randomUUID().slice(0, 8)}@customer.example`;
    const input = { quoteId: quote.id, to: [to], message: "顾经理，附件为本次报价，请审阅。", idempotencyKey: randomUUID() };

    // Act
    const first = (await app.ok(rep, SEND, { input })).sendQuote;
    const again = (await app.ok(rep, SEND, { input })).sendQuote;

    // Assess: one email, with the PDF whose hash the send recorded, and one send on the quote
    expect(first).toMatchObject({ __typename: "QuoteSend", revision: 1, to: [to], status: "SENT", pdfFileName: `报价单-${quote.number}-v1.pdf`, sentBy: { name: "陈刚" } });
    expect(again.id).toBe(first.id);
    const emails = await received(to);
    expect(emails).toHaveLength(1);
    expect(emails[0].messageId).toBe(first.messageId);
    expect(emails[0].subject).toContain(quote.number);
    expect(emails[0].body.text).toContain("顾经理，附件为本次报价，请审阅。");
    const [attachment] = emails[0].attachments;
    expect(attachment).toMatchObject({ filename: `报价单-${quote.number}-v1.pdf`, contentType: "application/pdf" });
    const pdf = new Uint8Array(Buffer.from(attachment.content, "base64"));
    expect(sha256(pdf)).toBe(first.sha256);
    const text = squash((await pdfPages(pdf)).join(""));
    expect(text).toContain("宁波捷锐流体控制有限公司");
    expect(text).toContain("浙江省宁波市北仑区黄山西路188号");
    expect(text).toContain(quote.number);
    expect(text).toContain("高性能蝶阀");
    expect(text).toContain(squash("合同生效后30天内送达买方指定工地"));

    const { sends } = (await app.ok(rep, SENDS, { id: quote.id })).quote;
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ id: first.id, status: "SENT", sha256: first.sha256 });
    const archived = new Uint8Array(await (await fetch(sends[0].pdfUrl)).arrayBuffer());
    expect(sha256(archived)).toBe(first.sha256);
    expect(sends[0]).toMatchObject({ views: 0, firstViewedAt: null });
  }, 90_000);

  it("puts a link in the email that opens the quote's page, whose PDF is the one sent", async () => {
    // Prepare
    const opportunityId = await newDeal(app, rep);
    const quote = await approvedQuoteOn(app, rep, opportunityId);
    const to = `viewer.${randomUUID().slice(0, 8)}@customer.example`;
    const sent = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() } })).sendQuote;
    const [email] = await received(to);
    const link = /在线查看：(\S+)/.exec(email.body.text ?? "")?.[1] as string;
    const browser = { "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36" };

    // Act
    const page = await fetch(link, { headers: browser });
    const pdf = await fetch(`${link}/pdf`, { headers: browser });

    // Assess: the page names the quote; its PDF is the archived one (visits are counted in tracking.test.ts)
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(quote.number);
    expect(sha256(new Uint8Array(await pdf.arrayBuffer()))).toBe(sent.sha256);
    expect((await fetch(`${link.slice(0, -2)}xx`, { headers: browser })).status).toBe(404);
  }, 90_000);

  it("renders the same bytes when the same revision is sent again under a new key", async () => {
    const opportunityId = await newDeal(app, rep);
    const quote = await approvedQuoteOn(app, rep, opportunityId);
    const to = `buyer.${randomUUID().slice(0, 8)}@customer.example`;

    const a = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() } })).sendQuote;
    const b = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() } })).sendQuote;

    expect(b.id).not.toBe(a.id);
    expect(b.sha256).toBe(a.sha256);
    expect(await received(to)).toHaveLength(2);
    expect((await app.ok(rep, SENDS, { id: quote.id })).quote.sends).toHaveLength(2);
  }, 90_000);

  it("sends once when SES failed the first time or the first sender stopped half-way, and the request is retried", async () => {
    // Prepare: SES refuses the first attempt (a throttle), as the real service can
    const opportunityId = await newDeal(app, rep);
    const quote = await approvedQuoteOn(app, rep, opportunityId);
    const to = `retry.${randomUUID().slice(0, 8)}@customer.example`;
    const input = { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() };
    const ses = app.deps.mail;
    app.deps.mail = { send: (m) => ses.send(m), sendRaw: async () => { throw new Error("Throttling: Maximum sending rate exceeded") } };
    try {
      expect((await app.gql(rep, SEND, { input })).errors?.length).toBe(1);
    } finally {
      app.deps.mail = ses;
    }
    const [failed] = await app.deps.store.quoteSends.forQuote(localId(quote.id));
    expect(failed.status).toBe("SENDING");
    // …and a second sender took it over, then stopped (its Lambda timed out) before SES had it
    expect(await app.deps.store.quoteSends.claim(failed, app.clock.now().toISOString(), new Date(0).toISOString(), "hash-of-a-link-never-sent")).toBe(true);

    // Act: the client retries while that sender may still be at it, then again a while later
    const whileHeld = (await app.ok(rep, SEND, { input })).sendQuote;
    app.clock.advance(61_000);
    const later = (await app.ok(rep, SEND, { input })).sendQuote;
    const last = (await app.ok(rep, SEND, { input })).sendQuote;

    // Assess
    expect(whileHeld).toMatchObject({ id: failed.id, status: "SENDING" });
    expect(later).toMatchObject({ id: failed.id, status: "SENT" });
    expect(last).toMatchObject({ id: failed.id, status: "SENT", messageId: later.messageId });
    expect(await received(to)).toHaveLength(1);
    expect((await app.ok(rep, SENDS, { id: quote.id })).quote.sends).toHaveLength(1);
  }, 90_000);

  it("refuses a key already used for other recipients, sending nothing", async () => {
    const opportunityId = await newDeal(app, rep);
    const quote = await approvedQuoteOn(app, rep, opportunityId);
    const to = `a.${randomUUID().slice(0, 8)}@customer.example`;
    const other = `b.${randomUUID().slice(0, 8)}@customer.example`;
    const idempotencyKey = randomUUID();
    await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey } });

    const res = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [other], idempotencyKey } })).sendQuote;

    expect(res.__typename).toBe("IdempotencyKeyReusedError");
    expect(res.message).toContain("幂等键");
    expect(await received(other)).toHaveLength(0);
  }, 90_000);

  it("sends a quote the policy approved at once on submission", async () => {
    const quote = await quoteFor(app, rep, { list: 10_000, unit: 10_000, cost: 5_000 });
    const submitted = (await app.ok(rep, `mutation($id: ID!) { submitQuote(id: $id) { ... on Quote { status } } }`, { id: quote.id })).submitQuote;
    const to = `auto.${randomUUID().slice(0, 8)}@customer.example`;

    const res = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() } })).sendQuote;

    expect(submitted.status).toBe("APPROVED");
    expect(res).toMatchObject({ __typename: "QuoteSend", status: "SENT", revision: 1 });
    expect(await received(to)).toHaveLength(1);
  }, 90_000);

  it("refuses a quote that is not approved with a typed error, sending nothing", async () => {
    const quote = await quoteFor(app, rep, { list: 100_000, unit: 95_000, cost: 60_000 });
    const to = `c.${randomUUID().slice(0, 8)}@customer.example`;

    const res = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() } })).sendQuote;

    expect(res).toMatchObject({ __typename: "QuoteNotSendableError", quoteStatus: "DRAFT" });
    expect(res.message).toContain("审批通过后才能发送");
    expect(await received(to)).toHaveLength(0);
    expect((await app.ok(rep, SENDS, { id: quote.id })).quote.sends).toEqual([]);
  });

  it("refuses a quote past its validity, sending nothing", async () => {
    // Prepare: auto-approved, valid until 2026-12-31 (quoteFor); the clock moves past it
    const quote = await quoteFor(app, rep, { list: 10_000, unit: 10_000, cost: 5_000 });
    await app.ok(rep, `mutation($id: ID!) { submitQuote(id: $id) { __typename } }`, { id: quote.id });
    const to = `late.${randomUUID().slice(0, 8)}@customer.example`;
    const now = app.clock.now();
    app.clock.set("2027-01-01T02:00:00Z");

    // Act
    let res;
    try {
      res = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() } })).sendQuote;
    } finally {
      app.clock.set(now.toISOString());
    }

    // Assess
    expect(res.fields).toEqual([{ path: ["quoteId"], code: "QUOTE_EXPIRED" }]);
    expect(await received(to)).toHaveLength(0);
  });

  it("refuses to send a quote of a lost deal, and addresses a mail header could misread", async () => {
    // Prepare: an approved quote whose deal is then lost
    const opportunityId = await newDeal(app, rep);
    const quote = await approvedQuoteOn(app, rep, opportunityId);
    await app.ok(rep, `mutation($id: ID!) { markOpportunityLost(id: $id, reason: "客户选了竞争对手") { __typename } }`, { id: opportunityId });
    const to = `lost.${randomUUID().slice(0, 8)}@customer.example`;

    // Act
    const lost = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() } })).sendQuote;
    const odd = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: ['"a\\nb"@x.example', "buyer@customer.example(comment)", "采购@例子.中国"], idempotencyKey: randomUUID() } })).sendQuote;

    // Assess
    expect(lost).toMatchObject({ __typename: "OpportunityLostError" });
    expect(odd.fields.map((f: any) => f.path.join("."))).toEqual(["to.0", "to.1", "to.2"]);
    expect(await received(to)).toHaveLength(0);
  });

  it("lets the customer reply to the rep who sent it, and keeps unprintable text off the letterhead", async () => {
    // Prepare
    const quote = await quoteFor(app, rep, { list: 10_000, unit: 10_000, cost: 5_000 });
    await app.ok(rep, `mutation($id: ID!) { submitQuote(id: $id) { __typename } }`, { id: quote.id });
    const to = `reply.${randomUUID().slice(0, 8)}@customer.example`;
    const admin = await app.user({ name: "管理员二", roles: ["ADMIN"] });

    // Act
    await app.ok(rep, SEND, { input: { quoteId: quote.id, to: [to], idempotencyKey: randomUUID() } });
    const version = (await app.ok(admin, `{ organization { version } }`)).organization.version;
    const bad = await app.ok(admin, `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on ValidationError { fields { path code } } } }`, {
      input: { expectedVersion: version, letterhead: { phone: "0574-8888 8888\r\nBcc: x@y.z", taxId: "123", address: "北仑区\u202e反转" } },
    });
    const long = await app.ok(admin, `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on ValidationError { fields { path code } } } }`, {
      input: { expectedVersion: version, letterhead: { phone: "0574-86888888 0574-86888888 0574-86888888 0574-86888888 0574-8" } },
    });

    // Assess
    const [email] = (await received(to)) as any[]; // the emulator also keeps the Reply-To
    expect(email.replyTo ?? email.replyToAddresses ?? JSON.stringify(email)).toContain(rep.email);
    expect(email.body.text).toContain(rep.email);
    expect(bad.updateOrganization.fields.map((f: any) => `${f.path.join(".")}:${f.code}`).sort()).toEqual([
      "letterhead.address:UNPRINTABLE",
      "letterhead.phone:UNPRINTABLE",
      "letterhead.taxId:INVALID_CREDIT_CODE",
    ]);
    // One complaint for a phone number too long, not three contradicting each other
    expect(long.updateOrganization.fields).toEqual([{ path: ["letterhead", "phone"], code: "TOO_LONG" }]);
  });

  it("refuses a bad address with the field that is wrong", async () => {
    const quote = await quoteFor(app, rep, { list: 100_000, unit: 95_000, cost: 60_000 });

    const res = (await app.ok(rep, SEND, { input: { quoteId: quote.id, to: ["不是邮箱"], idempotencyKey: randomUUID() } })).sendQuote;

    expect(res.__typename).toBe("ValidationError");
    expect(res.fields).toEqual([{ path: ["to", "0"], code: "INVALID_EMAIL" }]);
  });
});
