import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { pdfPages, squash } from "../pdf/read-pdf";
import { quoteFor, received, send, unique } from "./follow-up-support";

/** Customers whose contact chose English get the quote email and PDF in English; everyone else in Chinese. */
let app: TestApp;
let rep: User;

const CONTACTS = `query($id: ID!) { customer(id: $id) { contacts { name email locale } timeline(first: 5) { edges { node { kind changes { field new } } } } } }`;
const SENDS = `query($id: ID!) { quote(id: $id) { sends { id locale } } }`;

const pdfText = async (email: { attachments: { content: string }[] }) => squash((await pdfPages(new Uint8Array(Buffer.from(email.attachments[0].content, "base64")))).join(""));

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  const admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  rep = await app.user({ name: "陈刚", roles: ["REP"] });
  await app.ok(admin, `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }`, {
    input: { expectedVersion: 0, name: "宁波捷锐流体控制有限公司", letterhead: { address: "浙江省宁波市北仑区黄山西路188号" } },
  });
});

describe("contact language", () => {
  it("sends an English email and an English PDF to a contact who chose English", async () => {
    // Prepare
    const [english, chinese] = [unique("david.lin"), unique("gu.xiaoming")];
    const { customerId, quote } = await quoteFor(app, rep, [
      { name: "David Lin", email: english, locale: "EN" },
      { name: "顾晓明", email: chinese },
    ]);

    // Act
    const sent = await send(app, rep, quote.id, [english.toUpperCase(), chinese]);

    // Assess: the contact's choice is kept, shown on the timeline, and the send is in English
    const { customer } = await app.ok(rep, CONTACTS, { id: customerId });
    expect(customer.contacts).toEqual([
      { name: "David Lin", email: english, locale: "EN" },
      { name: "顾晓明", email: chinese, locale: "ZH_CN" },
    ]);
    expect(sent.pdfFileName).toBe(`Quotation-${quote.number}-v1.pdf`);
    expect((await app.ok(rep, SENDS, { id: quote.id })).quote.sends).toEqual([{ id: sent.id, locale: "EN" }]);
    const [email] = await received(english);
    expect(email.subject).toBe(`Quote ${quote.number} (revision 1) - 宁波捷锐流体控制有限公司`);
    expect(email.body.text).toContain("Dear David Lin,");
    expect(email.body.text).toContain("Please find attached quote");
    expect(email.body.text).not.toContain("请查收");
    const text = await pdfText(email);
    expect(text).toContain("QUOTATION");
    expect(text).toContain("Validuntil:");
    expect(text).toContain("Totalincl.VAT:");
    expect(text).toContain("Page1of1");
    expect(text).not.toContain("报价单号");
  }, 90_000);

  it("sends Chinese to a contact who did not choose English, and to an address that is no contact", async () => {
    // Prepare
    const [chinese, stranger] = [unique("gu.xiaoming"), unique("someone")];
    const { quote } = await quoteFor(app, rep, [{ name: "顾晓明", email: chinese, locale: "ZH_CN" }]);
    const other = await quoteFor(app, rep, [{ name: "David Lin", email: unique("david.lin"), locale: "EN" }]);

    // Act
    await send(app, rep, quote.id, [chinese]);
    await send(app, rep, other.quote.id, [stranger]);

    // Assess
    for (const [to, number] of [[chinese, quote.number], [stranger, other.quote.number]]) {
      const [email] = await received(to);
      expect(email.subject).toBe(`报价单 ${number}（第 1 版）- 宁波捷锐流体控制有限公司`);
      const text = await pdfText(email);
      expect(text).toContain("报价单");
      expect(text).toContain("有效期至：");
      expect(text).not.toContain("QUOTATION");
    }
  }, 90_000);

  it("records a change of a contact's language on the customer's timeline", async () => {
    // Prepare
    const email = unique("david.lin");
    const { customerId } = await quoteFor(app, rep, [{ name: "David Lin", email }]);
    const { customer } = await app.ok(rep, `query($id: ID!) { customer(id: $id) { version } }`, { id: customerId });

    // Act
    const res = await app.ok(rep, `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename ... on Customer { contacts { locale } } } }`, {
      input: { id: customerId, expectedVersion: customer.version, contacts: [{ name: "David Lin", email, locale: "EN" }] },
    });

    // Assess
    expect(res.updateCustomer.contacts).toEqual([{ locale: "EN" }]);
    const timeline = (await app.ok(rep, CONTACTS, { id: customerId })).customer.timeline.edges.map((e: { node: unknown }) => e.node);
    const change = timeline.find((a: { kind: string }) => a.kind === "UPDATED").changes.find((c: { field: string }) => c.field === "contacts");
    expect(JSON.parse(change.new)[0]).toMatchObject({ locale: "en" });
  }, 90_000);
});
